<%@ Page Language="C#" %>
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Intranet</title></head>
<body><h1>Intranet</h1></body></html>
