### Deutsch. Schlüssel und Platzhalter müssen zu en.ftl passen.

## Die Leiste über dem Video

viewer-shop = Video shoppen
viewer-cart = Warenkorb
viewer-cart-items =
    { $n ->
        [one] Warenkorb { $n } Artikel
       *[other] Warenkorb { $n } Artikel
    }
viewer-pip-products = Produkte in diesem Video
viewer-pip-note = Wird im Bild-im-Bild-Modus abgespielt. Das Gezeigte kaufen:
viewer-fullscreen = Vollbild
viewer-exit-fullscreen = Vollbild beenden

## Produktblatt, Warenkorb und Kasse

shop-close = Schließen
shop-dismiss = Ausblenden
shop-list-title = Video shoppen
shop-jump = Zur Stelle
shop-jump-label = Zu { $name } im Video springen
shop-view = Ansehen
shop-view-label = { $name } ansehen
shop-pinned = In der Show angeheftet
shop-all-products = ‹ Alle Produkte
shop-was = Vorher { $price }
shop-in-stock = Auf Lager
shop-sold-out = Ausverkauft
shop-unavailable = In dieser Kombination nicht erhältlich
shop-choice-sold-out = (ausverkauft)
shop-add = In den Warenkorb
shop-buy-now = Jetzt kaufen
shop-product-page = Zur Produktseite
shop-fewer = Weniger { $name }
shop-more = Mehr { $name }
shop-quantity = Menge von { $name }
shop-try-again = Erneut versuchen
shop-remove = Entfernen
shop-remove-label = { $name } entfernen
shop-each = je { $price }
shop-cart-title = Dein Warenkorb
shop-cart-empty = Dein Warenkorb ist leer.
shop-subtotal = Zwischensumme:
shop-checkout = Zur Kasse
shop-thanks = Danke!
shop-confirmed = Deine Bestellung ist bestätigt.
shop-order-number = Bestellnummer:
shop-total = Gesamt:
shop-test-order = Testbestellung – es wurde kein Geld bewegt.
shop-added = In den Warenkorb gelegt ({ $n } im Warenkorb).
shop-at-most-cart = Du kannst höchstens { $limit } pro Bestellung kaufen; dein Warenkorb enthält { $n }.
shop-at-most = Höchstens { $limit } pro Bestellung.
shop-removed = { $name } entfernt.
shop-one-moment = Einen Moment…
shop-waiting-sheet = Warte auf das Zahlungsfenster…
shop-placing = Bestellung wird aufgegeben…
shop-placing-again = Bestellung wird noch aufgegeben (Versuch { $n } von { $of })…
shop-cancelled = Zahlung abgebrochen.
shop-placed = Deine Bestellung ist aufgegeben.
shop-order-confirmed = Deine Bestellung { $id } ist bestätigt.
shop-not-sold = Dieser Artikel wird hier nicht verkauft.
shop-busy = Eine Bestellung wird gerade aufgegeben; einen Moment.
shop-getting-ready = Die Kasse wird vorbereitet; versuch es gleich noch einmal.
shop-no-buying = Kaufen ist hier nicht möglich.
shop-deal-sheet-only = Dieses Angebot gibt es nur über das Zahlungsfenster des Browsers, das hier nicht verfügbar ist.
shop-one-at-a-time = Dieser Shop nimmt hier nur einen Artikel auf einmal ({ $reason }).

## Die Live-Karte

live-region = Live-Shopping
live-buy = Kaufen
live-buy-label = { $name } kaufen, { $price }
live-pinned = Angeheftet: { $name }
live-deal-on = Blitzangebot läuft.
live-sold-out-said = Ausverkauft.
live-deal-over-said = Das Angebot ist vorbei.
live-regular-price = regulärer Preis
live-flash = Blitzangebot ·
live-left = noch { $n } ·
live-sold-out = Ausverkauft
live-deal-over = Angebot vorbei
live-likes =
    { $n ->
        [one] Gefällt mir, { $n } Like
       *[other] Gefällt mir, { $n } Likes
    }
live-lost = Live-Updates pausiert; verbinde neu…
live-back = Live-Updates sind zurück.
