<%@ Page Language="C#" EnableSessionState="False" %>
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Payments</title></head>
<body><h1>Payments</h1></body></html>
