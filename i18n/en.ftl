### The widget's words in English: the source every other catalogue is
### checked against (i18n/compile.rs). Keys start with the module that shows
### them. Placeholders: { $name } a product's name, { $price } a formatted
### price, { $n } and { $limit } counts. Keep them short: they sit on buttons.

## The viewer: the bar over the video (src/overlay).

viewer-shop = Shop this video
# The cart button's visible word; the count follows it as a badge.
viewer-cart = Cart
# The cart button's accessible name: it starts with the visible "Cart N".
viewer-cart-items =
    { $n ->
        [one] Cart { $n } item
       *[other] Cart { $n } items
    }
viewer-pip-products = Products in this video
viewer-pip-note = Playing in picture-in-picture. Shop what is in it:
viewer-fullscreen = Full screen
viewer-exit-fullscreen = Exit full screen

## The shop: the sheet, the cart, checkout (src/ui, src/shop).

shop-close = Close
shop-dismiss = Dismiss
shop-list-title = Shop this video
shop-jump = Jump to
shop-jump-label = Jump to { $name } in the video
shop-view = View
shop-view-label = View { $name }
shop-pinned = Pinned in the show
shop-all-products = ‹ All products
shop-was = Was { $price }
shop-in-stock = In stock
shop-sold-out = Sold out
shop-unavailable = Not available in this combination
# After a sold-out choice, in brackets.
shop-choice-sold-out = (sold out)
shop-add = Add to cart
shop-buy-now = Buy now
shop-product-page = View product page
shop-fewer = Fewer { $name }
shop-more = More { $name }
shop-quantity = Quantity of { $name }
shop-try-again = Try again
shop-remove = Remove
shop-remove-label = Remove { $name }
shop-each = { $price } each
shop-cart-title = Your cart
shop-cart-empty = Your cart is empty.
shop-subtotal = Subtotal:
shop-checkout = Checkout
shop-thanks = Thank you!
shop-confirmed = Your order is confirmed.
shop-order-number = Order number:
shop-total = Total:
shop-test-order = Test order — no money moved.
shop-added = Added to cart ({ $n } in cart).
shop-at-most-cart = You can buy at most { $limit } per order; your cart has { $n }.
shop-at-most = At most { $limit } per order.
shop-removed = { $name } removed.
shop-one-moment = One moment…
shop-waiting-sheet = Waiting for the payment sheet…
shop-placing = Placing your order…
shop-placing-again = Still placing your order (try { $n } of { $of })…
shop-cancelled = Payment cancelled.
shop-placed = Your order is placed.
shop-order-confirmed = Your order { $id } is confirmed.
shop-not-sold = This item is not sold here.
shop-busy = An order is being placed; one moment.
shop-getting-ready = Checkout is getting ready; try again in a moment.
shop-no-buying = Buying is not available here.
shop-deal-sheet-only = This deal is sold only through the browser's payment sheet, which is not available here.
shop-one-at-a-time = This store takes one item at a time here ({ $reason }).

## The live card (src/live).

live-region = Live shopping
live-buy = Buy
live-buy-label = Buy { $name }, { $price }
# Said to screen readers when a product is pinned.
live-pinned = Pinned: { $name }
live-deal-on = Flash deal now on.
live-sold-out-said = Sold out.
live-deal-over-said = The deal is over.
# Before the struck-through price, for screen readers.
live-regular-price = regular price
live-flash = Flash deal ·
live-left = { $n } left ·
live-sold-out = Sold out
live-deal-over = Deal over
live-likes =
    { $n ->
        [one] Like, { $n } like
       *[other] Like, { $n } likes
    }
live-lost = Live updates paused; reconnecting…
live-back = Live updates are back.

## Why an order or an add failed (src/pay, model::checkout, the store carts).

shop-problem-declined = Your payment was declined. No money was taken; you can try another way to pay.
shop-problem-sold-out = Sorry, something in your order has just sold out.
shop-problem-price-changed = A price changed since this page loaded. Please check your cart and try again.
shop-problem-in-progress = Your order is still being processed.
shop-problem-cancelled = This payment was cancelled and nothing was charged. Please start your order again.
shop-problem-busy = The shop is very busy right now. Try again in a moment; you will not be charged twice.
shop-problem-payment-down = The payment service is not answering. Try again in a moment; you will not be charged twice.
shop-problem-no-payments = This shop cannot take payments right now.
shop-problem-deal-over = Sorry, this deal has just ended. Nothing was charged.
shop-problem-deal-sold-out = Sorry, this deal has just sold out. Nothing was charged.
shop-problem-deal-limit = You already have as many of this deal as one buyer may take.
shop-problem-other = Your order could not be placed. Please reload the page and try again.
shop-failure-rejected = Your order could not be placed.
shop-failure-offline = We could not reach the shop. Check your connection and try again; you will not be charged twice.
shop-failure-slow = The shop is taking too long to answer. Try again in a moment; you will not be charged twice.
shop-failure-down = The shop is not answering right now. Try again in a moment; you will not be charged twice.
shop-field-name = Your name
shop-field-email = Your email address
shop-field-phone = Your phone number
shop-field-recipient = The recipient's name
shop-field-delivery-phone = The delivery phone number
shop-field-country = The country of your address
shop-field-postal-code = The postal code of your address
shop-field-address = Your shipping address
shop-field-refused = { $field } was not accepted. Please correct it in the payment sheet and try again.
shop-field-refused-rule = { $field } was not accepted ({ $rule }). Please correct it in the payment sheet and try again.
shop-method-refused = This shop does not take this way to pay. Please choose another one in the payment sheet.
shop-sheet-failed = The payment sheet could not open. Please try again.
shop-apple-pay-failed = Apple Pay could not be started for this shop. Nothing was charged; please try again or choose another way to pay.
shop-store-sold-out = Sorry, this item is sold out.
shop-store-partial = Only part of that quantity was in stock; the rest could not be added.
shop-store-partial-count = Only { $n } could be added; the rest was not in stock.
shop-store-refused = The store could not add this item.
shop-store-refused-reason = The store could not add this item ({ $reason }).
shop-store-no-hook = This store cannot take the item right now.
shop-store-added =
    { $n ->
        [one] Added to the store's cart.
       *[other] Added { $n } to the store's cart.
    }
shop-store-not-sold = This item is not sold in this store's cart.
shop-store-to-checkout = Over to the store's checkout…
shop-store-no-answer = The store did not answer. Please try again.
shop-store-unsure = The store did not say whether the item was added; please check the cart.
shop-store-session-expired = The store's session has expired. Please reload the page and try again.
shop-store-too-many = Not that many are in stock; nothing was added. Try a smaller quantity.

## A stored cart that no longer matches the manifest (model::cart::CartChange).

shop-cart-vanished = { $name } is no longer sold here and was removed from your cart.
shop-cart-unavailable = { $name } is no longer available and was removed from your cart.
shop-cart-price-changed = The price of { $name } changed from { $from } to { $to }.
shop-cart-reduced = { $name } is limited to { $to } per order, so your cart now has { $to } instead of { $from }.
shop-cart-currency = Prices are now in { $to } instead of { $from }, so your cart was emptied.
