<%@ Page Language="C#" %>
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Legacy Reports</title></head>
<body><h1>Legacy Reports</h1></body></html>
