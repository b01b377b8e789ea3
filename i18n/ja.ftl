### 日本語。キーとプレースホルダーは en.ftl と一致させること。

## 動画上のバー

viewer-shop = この動画の商品
viewer-cart = カート
viewer-cart-items = カート { $n } 点
viewer-pip-products = この動画の商品
viewer-pip-note = ピクチャー・イン・ピクチャーで再生中。映っている商品を購入：
viewer-fullscreen = 全画面
viewer-exit-fullscreen = 全画面を終了

## 商品シート、カート、購入手続き

shop-close = 閉じる
shop-dismiss = 閉じる
shop-list-title = この動画の商品
shop-jump = 移動
shop-jump-label = 動画内の{ $name }へ移動
shop-view = 見る
shop-view-label = { $name }を見る
shop-pinned = ライブで固定中
shop-all-products = ‹ すべての商品
shop-was = 通常価格 { $price }
shop-in-stock = 在庫あり
shop-sold-out = 売り切れ
shop-unavailable = この組み合わせはありません
shop-choice-sold-out = （売り切れ）
shop-add = カートに入れる
shop-buy-now = 今すぐ購入
shop-product-page = 商品ページを見る
shop-fewer = { $name }を減らす
shop-more = { $name }を増やす
shop-quantity = { $name }の数量
shop-try-again = もう一度試す
shop-remove = 削除
shop-remove-label = { $name }を削除
shop-each = 1点 { $price }
shop-cart-title = カート
shop-cart-empty = カートは空です。
shop-subtotal = 小計：
shop-checkout = 購入手続きへ
shop-thanks = ありがとうございます！
shop-confirmed = ご注文が確定しました。
shop-order-number = 注文番号：
shop-total = 合計：
shop-test-order = テスト注文です。料金は発生していません。
shop-added = カートに追加しました（カート内 { $n } 点）。
shop-at-most-cart = 1回のご注文は { $limit } 点までです。カートには { $n } 点あります。
shop-at-most = 1回のご注文は { $limit } 点まで。
shop-removed = { $name }を削除しました。
shop-one-moment = 少々お待ちください…
shop-waiting-sheet = 支払い画面を待っています…
shop-placing = 注文しています…
shop-placing-again = 注文を続けています（{ $of } 回中 { $n } 回目）…
shop-cancelled = 支払いをキャンセルしました。
shop-placed = ご注文を受け付けました。
shop-order-confirmed = ご注文 { $id } が確定しました。
shop-not-sold = この商品はここでは販売していません。
shop-busy = 注文処理中です。少々お待ちください。
shop-getting-ready = 購入手続きの準備中です。しばらくしてからお試しください。
shop-no-buying = ここでは購入できません。
shop-deal-sheet-only = このセールはブラウザの支払い画面でのみ購入できますが、ここでは利用できません。
shop-one-at-a-time = このストアでは一度に1点のみ購入できます（{ $reason }）。

## ライブカード

live-region = ライブショッピング
live-buy = 購入
live-buy-label = { $name }を購入、{ $price }
live-pinned = 固定：{ $name }
live-deal-on = タイムセール開始。
live-sold-out-said = 売り切れです。
live-deal-over-said = セールは終了しました。
live-regular-price = 通常価格
live-flash = タイムセール ·
live-left = 残り { $n } 点 ·
live-sold-out = 売り切れ
live-deal-over = セール終了
live-likes = いいね、{ $n } 件
live-lost = ライブ更新を一時停止中。再接続しています…
live-back = ライブ更新が再開しました。
