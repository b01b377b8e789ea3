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

## 注文やカートへの追加が失敗した理由。

shop-problem-declined = お支払いが承認されませんでした。料金は発生していません。別のお支払い方法をお試しください。
shop-problem-sold-out = 申し訳ありません。ご注文の商品が売り切れました。
shop-problem-price-changed = このページの読み込み後に価格が変わりました。カートを確認して、もう一度お試しください。
shop-problem-in-progress = ご注文はまだ処理中です。
shop-problem-cancelled = このお支払いはキャンセルされ、料金は発生していません。もう一度ご注文ください。
shop-problem-busy = ただいまショップが大変混み合っています。少し待ってからお試しください。二重に請求されることはありません。
shop-problem-payment-down = 決済サービスが応答していません。少し待ってからお試しください。二重に請求されることはありません。
shop-problem-no-payments = このショップは現在お支払いを受け付けられません。
shop-problem-deal-over = 申し訳ありません。このセールは終了しました。料金は発生していません。
shop-problem-deal-sold-out = 申し訳ありません。このセールは売り切れました。料金は発生していません。
shop-problem-deal-limit = このセールはお一人様の上限数まですでにお持ちです。
shop-problem-other = ご注文を完了できませんでした。ページを再読み込みして、もう一度お試しください。
shop-failure-rejected = ご注文を完了できませんでした。
shop-failure-offline = ショップに接続できませんでした。接続を確認して、もう一度お試しください。二重に請求されることはありません。
shop-failure-slow = ショップの応答に時間がかかっています。少し待ってからお試しください。二重に請求されることはありません。
shop-failure-down = ショップが現在応答していません。少し待ってからお試しください。二重に請求されることはありません。
shop-field-name = お名前
shop-field-email = メールアドレス
shop-field-phone = 電話番号
shop-field-recipient = お届け先のお名前
shop-field-delivery-phone = お届け先の電話番号
shop-field-country = ご住所の国
shop-field-postal-code = ご住所の郵便番号
shop-field-address = お届け先住所
shop-field-refused = { $field }が受け付けられませんでした。支払い画面で修正して、もう一度お試しください。
shop-field-refused-rule = { $field }が受け付けられませんでした（{ $rule }）。支払い画面で修正して、もう一度お試しください。
shop-method-refused = このショップではこのお支払い方法を利用できません。支払い画面で別の方法を選んでください。
shop-sheet-failed = 支払い画面を開けませんでした。もう一度お試しください。
shop-apple-pay-failed = このショップでは Apple Pay を開始できませんでした。料金は発生していません。もう一度お試しいただくか、別のお支払い方法を選んでください。
shop-store-sold-out = 申し訳ありません。この商品は売り切れです。
shop-store-partial = その数量の一部しか在庫がなく、残りは追加できませんでした。
shop-store-partial-count = 追加できたのは { $n } 点だけです。残りは在庫がありませんでした。
shop-store-refused = ショップはこの商品を追加できませんでした。
shop-store-refused-reason = ショップはこの商品を追加できませんでした（{ $reason }）。
shop-store-no-hook = このショップは現在この商品を受け付けられません。
shop-store-added = ショップのカートに { $n } 点追加しました。
shop-store-not-sold = この商品はこのショップのカートでは販売していません。
shop-store-to-checkout = ショップのレジへ移動します…
shop-store-no-answer = ショップから応答がありませんでした。もう一度お試しください。
shop-store-unsure = 商品が追加されたかどうかショップから返答がありません。カートをご確認ください。
shop-store-session-expired = ショップのセッションの有効期限が切れました。ページを再読み込みして、もう一度お試しください。
shop-store-too-many = その数の在庫がないため、何も追加されませんでした。数量を減らしてお試しください。

## A stored cart that no longer matches the manifest (model::cart::CartChange).

shop-cart-vanished = { $name } はこちらでの販売が終了したため、カートから削除しました。
shop-cart-unavailable = { $name } は購入できなくなったため、カートから削除しました。
shop-cart-price-changed = { $name } の価格が { $from } から { $to } に変わりました。
shop-cart-reduced = { $name } は 1 回のご注文につき { $to } 点までのため、カートの数量を { $from } から { $to } に変更しました。
shop-cart-currency = 価格の通貨が { $from } から { $to } に変わったため、カートを空にしました。
