### Español. Las claves y los marcadores deben coincidir con en.ftl.

## La barra sobre el vídeo

viewer-shop = Compra este vídeo
viewer-cart = Carrito
viewer-cart-items =
    { $n ->
        [one] Carrito { $n } artículo
       *[other] Carrito { $n } artículos
    }
viewer-pip-products = Productos de este vídeo
viewer-pip-note = Reproduciendo en imagen en imagen. Compra lo que aparece:
viewer-fullscreen = Pantalla completa
viewer-exit-fullscreen = Salir de pantalla completa

## La ficha, el carrito y el pago

shop-close = Cerrar
shop-dismiss = Descartar
shop-list-title = Compra este vídeo
shop-jump = Ir a
shop-jump-label = Ir a { $name } en el vídeo
shop-view = Ver
shop-view-label = Ver { $name }
shop-pinned = Fijado en el directo
shop-all-products = ‹ Todos los productos
shop-was = Antes { $price }
shop-in-stock = En stock
shop-sold-out = Agotado
shop-unavailable = No disponible en esta combinación
shop-choice-sold-out = (agotado)
shop-add = Añadir al carrito
shop-buy-now = Comprar ahora
shop-product-page = Ver página del producto
shop-fewer = Menos { $name }
shop-more = Más { $name }
shop-quantity = Cantidad de { $name }
shop-try-again = Reintentar
shop-remove = Quitar
shop-remove-label = Quitar { $name }
shop-each = { $price } c/u
shop-cart-title = Tu carrito
shop-cart-empty = Tu carrito está vacío.
shop-subtotal = Subtotal:
shop-checkout = Pagar
shop-thanks = ¡Gracias!
shop-confirmed = Tu pedido está confirmado.
shop-order-number = Número de pedido:
shop-total = Total:
shop-test-order = Pedido de prueba: no se ha cobrado nada.
shop-added = Añadido al carrito ({ $n } en el carrito).
shop-at-most-cart = Puedes comprar como máximo { $limit } por pedido; tu carrito tiene { $n }.
shop-at-most = Máximo { $limit } por pedido.
shop-removed = { $name } eliminado.
shop-one-moment = Un momento…
shop-waiting-sheet = Esperando la hoja de pago…
shop-placing = Realizando tu pedido…
shop-placing-again = Seguimos realizando tu pedido (intento { $n } de { $of })…
shop-cancelled = Pago cancelado.
shop-placed = Tu pedido está hecho.
shop-order-confirmed = Tu pedido { $id } está confirmado.
shop-not-sold = Este artículo no se vende aquí.
shop-busy = Se está realizando un pedido; un momento.
shop-getting-ready = El pago se está preparando; inténtalo de nuevo en un momento.
shop-no-buying = Aquí no se puede comprar.
shop-deal-sheet-only = Esta oferta solo se vende con la hoja de pago del navegador, que aquí no está disponible.
shop-one-at-a-time = Esta tienda solo acepta un artículo cada vez aquí ({ $reason }).

## La tarjeta del directo

live-region = Compras en directo
live-buy = Comprar
live-buy-label = Comprar { $name }, { $price }
live-pinned = Fijado: { $name }
live-deal-on = Oferta flash en marcha.
live-sold-out-said = Agotado.
live-deal-over-said = La oferta ha terminado.
live-regular-price = precio normal
live-flash = Oferta flash ·
live-left =
    { $n ->
        [one] queda { $n } ·
       *[other] quedan { $n } ·
    }
live-sold-out = Agotado
live-deal-over = Oferta terminada
live-likes =
    { $n ->
        [one] Me gusta, { $n } me gusta
       *[other] Me gusta, { $n } me gusta
    }
live-lost = Directo en pausa; reconectando…
live-back = El directo vuelve a actualizarse.
