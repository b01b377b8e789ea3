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

## Pourquoi une commande ou un ajout a échoué.

shop-problem-declined = Votre paiement a été refusé. Aucun montant n’a été débité ; vous pouvez essayer un autre moyen de paiement.
shop-problem-sold-out = Désolé, un article de votre commande vient d’être épuisé.
shop-problem-price-changed = Un prix a changé depuis le chargement de cette page. Vérifiez votre panier et réessayez.
shop-problem-in-progress = Votre commande est toujours en cours de traitement.
shop-problem-cancelled = Ce paiement a été annulé et rien n’a été débité. Veuillez recommencer votre commande.
shop-problem-busy = La boutique est très sollicitée en ce moment. Réessayez dans un instant ; vous ne serez pas débité deux fois.
shop-problem-payment-down = Le service de paiement ne répond pas. Réessayez dans un instant ; vous ne serez pas débité deux fois.
shop-problem-no-payments = Cette boutique ne peut pas accepter de paiements pour le moment.
shop-problem-deal-over = Désolé, cette offre vient de se terminer. Rien n’a été débité.
shop-problem-deal-sold-out = Désolé, cette offre vient d’être épuisée. Rien n’a été débité.
shop-problem-deal-limit = Vous avez déjà le nombre maximal de cette offre autorisé par acheteur.
shop-problem-other = Votre commande n’a pas pu être passée. Rechargez la page et réessayez.
shop-failure-rejected = Votre commande n’a pas pu être passée.
shop-failure-offline = Impossible de joindre la boutique. Vérifiez votre connexion et réessayez ; vous ne serez pas débité deux fois.
shop-failure-slow = La boutique met trop de temps à répondre. Réessayez dans un instant ; vous ne serez pas débité deux fois.
shop-failure-down = La boutique ne répond pas pour le moment. Réessayez dans un instant ; vous ne serez pas débité deux fois.
shop-field-name = Votre nom
shop-field-email = Votre adresse e-mail
shop-field-phone = Votre numéro de téléphone
shop-field-recipient = Le nom du destinataire
shop-field-delivery-phone = Le numéro de téléphone de livraison
shop-field-country = Le pays de votre adresse
shop-field-postal-code = Le code postal de votre adresse
shop-field-address = Votre adresse de livraison
shop-field-refused = { $field } n’a pas été accepté. Corrigez-le dans la fenêtre de paiement et réessayez.
shop-field-refused-rule = { $field } n’a pas été accepté ({ $rule }). Corrigez-le dans la fenêtre de paiement et réessayez.
shop-method-refused = Cette boutique n’accepte pas ce moyen de paiement. Choisissez-en un autre dans la fenêtre de paiement.
shop-sheet-failed = La fenêtre de paiement n’a pas pu s’ouvrir. Veuillez réessayer.
shop-apple-pay-failed = Apple Pay n’a pas pu être lancé pour cette boutique. Rien n’a été débité ; réessayez ou choisissez un autre moyen de paiement.
shop-store-sold-out = Désolé, cet article est épuisé.
shop-store-partial = Seule une partie de cette quantité était en stock ; le reste n’a pas pu être ajouté.
shop-store-partial-count =
    { $n ->
        [one] Seul { $n } article a pu être ajouté ; le reste n’était pas en stock.
       *[other] Seuls { $n } articles ont pu être ajoutés ; le reste n’était pas en stock.
    }
shop-store-refused = La boutique n’a pas pu ajouter cet article.
shop-store-refused-reason = La boutique n’a pas pu ajouter cet article ({ $reason }).
shop-store-no-hook = Cette boutique ne peut pas prendre cet article pour le moment.
shop-store-added =
    { $n ->
        [one] Ajouté au panier de la boutique.
       *[other] { $n } ajoutés au panier de la boutique.
    }
shop-store-not-sold = Cet article n’est pas vendu dans le panier de cette boutique.
shop-store-to-checkout = Direction la caisse de la boutique…
shop-store-no-answer = La boutique n’a pas répondu. Veuillez réessayer.
shop-store-unsure = La boutique n’a pas indiqué si l’article a été ajouté ; vérifiez le panier.
shop-store-session-expired = La session de la boutique a expiré. Rechargez la page et réessayez.
shop-store-too-many = Il n’y en a pas autant en stock ; rien n’a été ajouté. Essayez une quantité plus petite.

## A stored cart that no longer matches the manifest (model::cart::CartChange).

shop-cart-vanished = { $name } n’est plus vendu ici et a été retiré de votre panier.
shop-cart-unavailable = { $name } n’est plus disponible et a été retiré de votre panier.
shop-cart-price-changed = Le prix de { $name } est passé de { $from } à { $to }.
shop-cart-reduced = { $name } est limité à { $to } par commande : votre panier en contient donc { $to } au lieu de { $from }.
shop-cart-currency = Les prix sont désormais en { $to } au lieu de { $from } : votre panier a donc été vidé.
