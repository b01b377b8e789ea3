### 简体中文。键与占位符须与 en.ftl 一致。

## 视频上的工具栏

viewer-shop = 选购视频同款
viewer-cart = 购物车
viewer-cart-items = 购物车 { $n } 件商品
viewer-pip-products = 视频中的商品
viewer-pip-note = 正在画中画播放。选购其中的商品：
viewer-fullscreen = 全屏
viewer-exit-fullscreen = 退出全屏

## 商品面板、购物车与结账

shop-close = 关闭
shop-dismiss = 关闭提示
shop-list-title = 选购视频同款
shop-jump = 跳转
shop-jump-label = 跳转到视频中的{ $name }
shop-view = 查看
shop-view-label = 查看{ $name }
shop-pinned = 直播置顶
shop-all-products = ‹ 全部商品
shop-was = 原价 { $price }
shop-in-stock = 有货
shop-sold-out = 已售罄
shop-unavailable = 该组合暂不可售
shop-choice-sold-out = （已售罄）
shop-add = 加入购物车
shop-buy-now = 立即购买
shop-product-page = 查看商品详情页
shop-fewer = 减少{ $name }
shop-more = 增加{ $name }
shop-quantity = { $name }的数量
shop-try-again = 重试
shop-remove = 删除
shop-remove-label = 删除{ $name }
shop-each = 单价 { $price }
shop-cart-title = 购物车
shop-cart-empty = 购物车是空的。
shop-subtotal = 小计：
shop-checkout = 去结算
shop-thanks = 谢谢！
shop-confirmed = 订单已确认。
shop-order-number = 订单号：
shop-total = 合计：
shop-test-order = 测试订单，未产生实际扣款。
shop-added = 已加入购物车（购物车中共 { $n } 件）。
shop-at-most-cart = 每单最多可买 { $limit } 件；购物车中已有 { $n } 件。
shop-at-most = 每单最多 { $limit } 件。
shop-removed = 已删除{ $name }。
shop-one-moment = 请稍候…
shop-waiting-sheet = 正在等待支付页面…
shop-placing = 正在提交订单…
shop-placing-again = 仍在提交订单（第 { $n } 次，共 { $of } 次）…
shop-cancelled = 已取消支付。
shop-placed = 订单已提交。
shop-order-confirmed = 订单 { $id } 已确认。
shop-not-sold = 此处不销售该商品。
shop-busy = 订单正在提交，请稍候。
shop-getting-ready = 结账功能正在准备，请稍后再试。
shop-no-buying = 此处无法购买。
shop-deal-sheet-only = 此优惠仅支持通过浏览器支付页面购买，但此处不可用。
shop-one-at-a-time = 本店此处每次只能购买一件商品（{ $reason }）。

## 直播卡片

live-region = 直播购物
live-buy = 购买
live-buy-label = 购买{ $name }，{ $price }
live-pinned = 已置顶：{ $name }
live-deal-on = 限时特惠开始了。
live-sold-out-said = 已售罄。
live-deal-over-said = 特惠已结束。
live-regular-price = 原价
live-flash = 限时特惠 ·
live-left = 剩 { $n } 件 ·
live-sold-out = 已售罄
live-deal-over = 特惠已结束
live-likes = 点赞，{ $n } 个赞
live-lost = 直播更新已暂停；正在重新连接…
live-back = 直播更新已恢复。

## 订单或加购失败的原因。

shop-problem-declined = 您的付款被拒绝，未扣款；您可以换一种支付方式再试。
shop-problem-sold-out = 抱歉，您订单中的商品刚刚售罄。
shop-problem-price-changed = 自本页面加载以来价格已有变动，请检查购物车后重试。
shop-problem-in-progress = 您的订单仍在处理中。
shop-problem-cancelled = 此笔付款已取消，未扣款。请重新下单。
shop-problem-busy = 商店当前非常繁忙，请稍后重试；不会重复扣款。
shop-problem-payment-down = 支付服务没有响应，请稍后重试；不会重复扣款。
shop-problem-no-payments = 该商店目前无法收款。
shop-problem-deal-over = 抱歉，此优惠刚刚结束，未扣款。
shop-problem-deal-sold-out = 抱歉，此优惠刚刚售罄，未扣款。
shop-problem-deal-limit = 您已达到此优惠每位买家的限购数量。
shop-problem-other = 无法提交您的订单，请刷新页面后重试。
shop-failure-rejected = 无法提交您的订单。
shop-failure-offline = 无法连接到商店，请检查网络后重试；不会重复扣款。
shop-failure-slow = 商店响应时间过长，请稍后重试；不会重复扣款。
shop-failure-down = 商店目前没有响应，请稍后重试；不会重复扣款。
shop-field-name = 您的姓名
shop-field-email = 您的电子邮箱
shop-field-phone = 您的电话号码
shop-field-recipient = 收件人姓名
shop-field-delivery-phone = 收货电话
shop-field-country = 地址所在国家/地区
shop-field-postal-code = 地址的邮政编码
shop-field-address = 您的收货地址
shop-field-refused = { $field }未被接受，请在支付页面中更正后重试。
shop-field-refused-rule = { $field }未被接受（{ $rule }），请在支付页面中更正后重试。
shop-method-refused = 该商店不支持此支付方式，请在支付页面中选择其他方式。
shop-sheet-failed = 无法打开支付页面，请重试。
shop-apple-pay-failed = 无法为该商店启动 Apple Pay。未扣款；请重试或选择其他支付方式。
shop-store-sold-out = 抱歉，该商品已售罄。
shop-store-partial = 该数量只有部分有货，其余未能加入购物车。
shop-store-partial-count = 只加入了 { $n } 件，其余已无库存。
shop-store-refused = 商店无法添加该商品。
shop-store-refused-reason = 商店无法添加该商品（{ $reason }）。
shop-store-no-hook = 这家商店目前无法接收该商品。
shop-store-added = 已将 { $n } 件加入商店购物车。
shop-store-not-sold = 该商品不在此商店的购物车中销售。
shop-store-to-checkout = 正在前往商店结账…
shop-store-no-answer = 商店没有响应，请重试。
shop-store-unsure = 商店未说明商品是否已加入，请查看购物车。
shop-store-session-expired = 商店会话已过期，请刷新页面后重试。
shop-store-too-many = 库存不足该数量，未添加任何商品。请减少数量后重试。

## A stored cart that no longer matches the manifest (model::cart::CartChange).

shop-cart-vanished = { $name } 已不在此处销售，已从购物车中移除。
shop-cart-unavailable = { $name } 已无法购买，已从购物车中移除。
shop-cart-price-changed = { $name } 的价格已从 { $from } 变为 { $to }。
shop-cart-reduced = { $name } 每单限购 { $to } 件，因此购物车中的数量已从 { $from } 改为 { $to }。
shop-cart-currency = 价格现以 { $to } 而非 { $from } 计，因此购物车已清空。
