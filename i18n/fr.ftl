### Français. Les clés et les variables doivent correspondre à en.ftl.

## La barre sur la vidéo

viewer-shop = Acheter la vidéo
viewer-cart = Panier
viewer-cart-items =
    { $n ->
        [one] Panier { $n } article
       *[other] Panier { $n } articles
    }
viewer-pip-products = Produits de cette vidéo
viewer-pip-note = Lecture en incrustation. Achetez ce qu’elle montre :
viewer-fullscreen = Plein écran
viewer-exit-fullscreen = Quitter le plein écran

## La fiche, le panier et le paiement

shop-close = Fermer
shop-dismiss = Masquer
shop-list-title = Acheter la vidéo
shop-jump = Aller à
shop-jump-label = Aller à { $name } dans la vidéo
shop-view = Voir
shop-view-label = Voir { $name }
shop-pinned = Épinglé pendant le direct
shop-all-products = ‹ Tous les produits
shop-was = Avant { $price }
shop-in-stock = En stock
shop-sold-out = Épuisé
shop-unavailable = Indisponible dans cette combinaison
shop-choice-sold-out = (épuisé)
shop-add = Ajouter au panier
shop-buy-now = Acheter
shop-product-page = Voir la fiche produit
shop-fewer = Moins de { $name }
shop-more = Plus de { $name }
shop-quantity = Quantité de { $name }
shop-try-again = Réessayer
shop-remove = Retirer
shop-remove-label = Retirer { $name }
shop-each = { $price } l’unité
shop-cart-title = Votre panier
shop-cart-empty = Votre panier est vide.
shop-subtotal = Sous-total :
shop-checkout = Commander
shop-thanks = Merci !
shop-confirmed = Votre commande est confirmée.
shop-order-number = Numéro de commande :
shop-total = Total :
shop-test-order = Commande de test : aucun débit.
shop-added = Ajouté au panier ({ $n } dans le panier).
shop-at-most-cart = Vous pouvez acheter au plus { $limit } par commande ; votre panier en contient { $n }.
shop-at-most = Au plus { $limit } par commande.
shop-removed = { $name } retiré.
shop-one-moment = Un instant…
shop-waiting-sheet = En attente de la fenêtre de paiement…
shop-placing = Commande en cours…
shop-placing-again = Commande toujours en cours (essai { $n } sur { $of })…
shop-cancelled = Paiement annulé.
shop-placed = Votre commande est passée.
shop-order-confirmed = Votre commande { $id } est confirmée.
shop-not-sold = Cet article n’est pas vendu ici.
shop-busy = Une commande est en cours ; un instant.
shop-getting-ready = Le paiement se prépare ; réessayez dans un instant.
shop-no-buying = L’achat n’est pas possible ici.
shop-deal-sheet-only = Cette offre se règle uniquement via la fenêtre de paiement du navigateur, indisponible ici.
shop-one-at-a-time = Cette boutique n’accepte qu’un article à la fois ici ({ $reason }).

## La carte du direct

live-region = Shopping en direct
live-buy = Acheter
live-buy-label = Acheter { $name }, { $price }
live-pinned = Épinglé : { $name }
live-deal-on = Vente flash en cours.
live-sold-out-said = Épuisé.
live-deal-over-said = L’offre est terminée.
live-regular-price = prix habituel
live-flash = Vente flash ·
live-left =
    { $n ->
        [one] { $n } restant ·
       *[other] { $n } restants ·
    }
live-sold-out = Épuisé
live-deal-over = Offre terminée
live-likes =
    { $n ->
        [one] J’aime, { $n } j’aime
       *[other] J’aime, { $n } j’aime
    }
live-lost = Direct en pause ; reconnexion…
live-back = Le direct est de retour.
