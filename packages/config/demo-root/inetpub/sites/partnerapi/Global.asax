<%@ Application Language="C#" %>
