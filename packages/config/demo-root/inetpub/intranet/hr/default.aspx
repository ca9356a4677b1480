<%@ Page Language="C#" %>
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Human Resources</title></head>
<body><h1>Human Resources</h1><p>This application has no web.config of its own.</p></body></html>
