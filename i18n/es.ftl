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

## Por qué falló un pedido o un añadido.

shop-problem-declined = Tu pago fue rechazado. No se cobró nada; puedes probar otra forma de pago.
shop-problem-sold-out = Lo sentimos, algo de tu pedido se acaba de agotar.
shop-problem-price-changed = Un precio cambió desde que se cargó esta página. Revisa tu carrito e inténtalo de nuevo.
shop-problem-in-progress = Tu pedido todavía se está procesando.
shop-problem-cancelled = Este pago se canceló y no se cobró nada. Vuelve a empezar tu pedido.
shop-problem-busy = La tienda está muy ocupada ahora mismo. Inténtalo de nuevo en un momento; no se te cobrará dos veces.
shop-problem-payment-down = El servicio de pago no responde. Inténtalo de nuevo en un momento; no se te cobrará dos veces.
shop-problem-no-payments = Esta tienda no puede aceptar pagos en este momento.
shop-problem-deal-over = Lo sentimos, esta oferta acaba de terminar. No se cobró nada.
shop-problem-deal-sold-out = Lo sentimos, esta oferta se acaba de agotar. No se cobró nada.
shop-problem-deal-limit = Ya tienes tantas unidades de esta oferta como puede llevar un comprador.
shop-problem-other = No se pudo realizar tu pedido. Vuelve a cargar la página e inténtalo de nuevo.
shop-failure-rejected = No se pudo realizar tu pedido.
shop-failure-offline = No pudimos contactar con la tienda. Revisa tu conexión e inténtalo de nuevo; no se te cobrará dos veces.
shop-failure-slow = La tienda tarda demasiado en responder. Inténtalo de nuevo en un momento; no se te cobrará dos veces.
shop-failure-down = La tienda no responde en este momento. Inténtalo de nuevo en un momento; no se te cobrará dos veces.
shop-field-name = Tu nombre
shop-field-email = Tu correo electrónico
shop-field-phone = Tu número de teléfono
shop-field-recipient = El nombre del destinatario
shop-field-delivery-phone = El teléfono de entrega
shop-field-country = El país de tu dirección
shop-field-postal-code = El código postal de tu dirección
shop-field-address = Tu dirección de envío
shop-field-refused = { $field } no fue aceptado. Corrígelo en la hoja de pago e inténtalo de nuevo.
shop-field-refused-rule = { $field } no fue aceptado ({ $rule }). Corrígelo en la hoja de pago e inténtalo de nuevo.
shop-method-refused = Esta tienda no acepta esta forma de pago. Elige otra en la hoja de pago.
shop-sheet-failed = No se pudo abrir la hoja de pago. Inténtalo de nuevo.
shop-apple-pay-failed = No se pudo iniciar Apple Pay para esta tienda. No se cobró nada; inténtalo de nuevo o elige otra forma de pago.
shop-store-sold-out = Lo sentimos, este artículo está agotado.
shop-store-partial = Solo parte de esa cantidad estaba en stock; el resto no se pudo añadir.
shop-store-partial-count =
    { $n ->
        [one] Solo se pudo añadir { $n }; el resto no estaba en existencias.
       *[other] Solo se pudieron añadir { $n }; el resto no estaba en existencias.
    }
shop-store-refused = La tienda no pudo añadir este artículo.
shop-store-refused-reason = La tienda no pudo añadir este artículo ({ $reason }).
shop-store-no-hook = Esta tienda no puede aceptar el artículo en este momento.
shop-store-added =
    { $n ->
        [one] Añadido al carrito de la tienda.
       *[other] { $n } añadidos al carrito de la tienda.
    }
shop-store-not-sold = Este artículo no se vende en el carrito de esta tienda.
shop-store-to-checkout = Vamos al pago de la tienda…
shop-store-no-answer = La tienda no respondió. Inténtalo de nuevo.
shop-store-unsure = La tienda no indicó si se añadió el artículo; revisa el carrito.
shop-store-session-expired = La sesión de la tienda ha caducado. Vuelve a cargar la página e inténtalo de nuevo.
shop-store-too-many = No hay tantas unidades en stock; no se añadió nada. Prueba con una cantidad menor.

## A stored cart that no longer matches the manifest (model::cart::CartChange).

shop-cart-vanished = { $name } ya no se vende aquí y se ha quitado de tu carrito.
shop-cart-unavailable = { $name } ya no está disponible y se ha quitado de tu carrito.
shop-cart-price-changed = El precio de { $name } ha cambiado de { $from } a { $to }.
shop-cart-reduced = { $name } está limitado a { $to } por pedido, así que tu carrito tiene ahora { $to } en lugar de { $from }.
shop-cart-currency = Los precios están ahora en { $to } en lugar de { $from }, así que se ha vaciado tu carrito.
