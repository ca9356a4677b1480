<%@ Page Language="C#" %>
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Contoso Shop</title></head>
<body><h1>Contoso Shop</h1><p>Items in your basket: <%= Session["Count"] ?? 0 %></p></body></html>
