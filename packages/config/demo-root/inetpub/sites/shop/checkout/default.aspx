<%@ Page Language="C#" %>
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Checkout</title></head>
<body><h1>Checkout</h1></body></html>
