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

## Warum eine Bestellung oder ein Hinzufügen fehlschlug.

shop-problem-declined = Deine Zahlung wurde abgelehnt. Es wurde kein Geld abgebucht; du kannst eine andere Zahlungsart versuchen.
shop-problem-sold-out = Leider ist etwas aus deiner Bestellung gerade ausverkauft.
shop-problem-price-changed = Ein Preis hat sich seit dem Laden dieser Seite geändert. Bitte prüfe deinen Warenkorb und versuche es erneut.
shop-problem-in-progress = Deine Bestellung wird noch bearbeitet.
shop-problem-cancelled = Diese Zahlung wurde abgebrochen, es wurde nichts abgebucht. Bitte beginne deine Bestellung erneut.
shop-problem-busy = Der Shop ist gerade sehr ausgelastet. Versuche es gleich noch einmal; du wirst nicht doppelt belastet.
shop-problem-payment-down = Der Zahlungsdienst antwortet nicht. Versuche es gleich noch einmal; du wirst nicht doppelt belastet.
shop-problem-no-payments = Dieser Shop kann gerade keine Zahlungen annehmen.
shop-problem-deal-over = Leider ist dieses Angebot gerade abgelaufen. Es wurde nichts abgebucht.
shop-problem-deal-sold-out = Leider ist dieses Angebot gerade ausverkauft. Es wurde nichts abgebucht.
shop-problem-deal-limit = Du hast bereits so viele Stück dieses Angebots, wie ein Käufer nehmen darf.
shop-problem-other = Deine Bestellung konnte nicht aufgegeben werden. Bitte lade die Seite neu und versuche es erneut.
shop-failure-rejected = Deine Bestellung konnte nicht aufgegeben werden.
shop-failure-offline = Wir konnten den Shop nicht erreichen. Prüfe deine Verbindung und versuche es erneut; du wirst nicht doppelt belastet.
shop-failure-slow = Der Shop braucht zu lange für eine Antwort. Versuche es gleich noch einmal; du wirst nicht doppelt belastet.
shop-failure-down = Der Shop antwortet gerade nicht. Versuche es gleich noch einmal; du wirst nicht doppelt belastet.
shop-field-name = Dein Name
shop-field-email = Deine E-Mail-Adresse
shop-field-phone = Deine Telefonnummer
shop-field-recipient = Der Name des Empfängers
shop-field-delivery-phone = Die Telefonnummer für die Lieferung
shop-field-country = Das Land deiner Adresse
shop-field-postal-code = Die Postleitzahl deiner Adresse
shop-field-address = Deine Lieferadresse
shop-field-refused = { $field } wurde nicht akzeptiert. Bitte korrigiere die Angabe im Zahlungsfenster und versuche es erneut.
shop-field-refused-rule = { $field } wurde nicht akzeptiert ({ $rule }). Bitte korrigiere die Angabe im Zahlungsfenster und versuche es erneut.
shop-method-refused = Dieser Shop akzeptiert diese Zahlungsart nicht. Bitte wähle im Zahlungsfenster eine andere.
shop-sheet-failed = Das Zahlungsfenster konnte nicht geöffnet werden. Bitte versuche es erneut.
shop-apple-pay-failed = Apple Pay konnte für diesen Shop nicht gestartet werden. Es wurde nichts abgebucht; versuche es erneut oder wähle eine andere Zahlungsart.
shop-store-sold-out = Leider ist dieser Artikel ausverkauft.
shop-store-partial = Nur ein Teil dieser Menge war vorrätig; der Rest konnte nicht hinzugefügt werden.
shop-store-partial-count =
    { $n ->
        [one] Nur { $n } Stück konnte hinzugefügt werden; der Rest war nicht vorrätig.
       *[other] Nur { $n } Stück konnten hinzugefügt werden; der Rest war nicht vorrätig.
    }
shop-store-refused = Der Shop konnte diesen Artikel nicht hinzufügen.
shop-store-refused-reason = Der Shop konnte diesen Artikel nicht hinzufügen ({ $reason }).
shop-store-no-hook = Dieser Shop kann den Artikel gerade nicht annehmen.
shop-store-added =
    { $n ->
        [one] In den Warenkorb des Shops gelegt.
       *[other] { $n } in den Warenkorb des Shops gelegt.
    }
shop-store-not-sold = Dieser Artikel wird im Warenkorb dieses Shops nicht verkauft.
shop-store-to-checkout = Weiter zur Kasse des Shops…
shop-store-no-answer = Der Shop hat nicht geantwortet. Bitte versuche es erneut.
shop-store-unsure = Der Shop hat nicht mitgeteilt, ob der Artikel hinzugefügt wurde; bitte prüfe den Warenkorb.
shop-store-session-expired = Die Sitzung des Shops ist abgelaufen. Bitte lade die Seite neu und versuche es erneut.
shop-store-too-many = So viele sind nicht vorrätig; es wurde nichts hinzugefügt. Versuche eine kleinere Menge.

## A stored cart that no longer matches the manifest (model::cart::CartChange).

shop-cart-vanished = { $name } wird hier nicht mehr verkauft und wurde aus deinem Warenkorb entfernt.
shop-cart-unavailable = { $name } ist nicht mehr verfügbar und wurde aus deinem Warenkorb entfernt.
shop-cart-price-changed = Der Preis von { $name } hat sich von { $from } auf { $to } geändert.
shop-cart-reduced = { $name } ist auf { $to } pro Bestellung begrenzt, daher enthält dein Warenkorb jetzt { $to } statt { $from }.
shop-cart-currency = Die Preise sind jetzt in { $to } statt { $from }, daher wurde dein Warenkorb geleert.
