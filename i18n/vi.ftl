### Tiếng Việt. Khóa và biến phải khớp với en.ftl.

## Thanh công cụ trên video

viewer-shop = Mua sắm trong video
viewer-cart = Giỏ hàng
viewer-cart-items = Giỏ hàng { $n } sản phẩm
viewer-pip-products = Sản phẩm trong video này
viewer-pip-note = Đang phát ở chế độ hình trong hình. Mua sắm sản phẩm trong video:
viewer-fullscreen = Toàn màn hình
viewer-exit-fullscreen = Thoát toàn màn hình

## Bảng sản phẩm, giỏ hàng và thanh toán

shop-close = Đóng
shop-dismiss = Bỏ qua
shop-list-title = Mua sắm trong video
shop-jump = Đến cảnh
shop-jump-label = Đến cảnh có { $name } trong video
shop-view = Xem
shop-view-label = Xem { $name }
shop-pinned = Được ghim trong buổi phát
shop-all-products = ‹ Tất cả sản phẩm
shop-was = Giá cũ { $price }
shop-in-stock = Còn hàng
shop-sold-out = Hết hàng
shop-unavailable = Không có lựa chọn kết hợp này
shop-choice-sold-out = (hết hàng)
shop-add = Thêm vào giỏ
shop-buy-now = Mua ngay
shop-product-page = Xem trang sản phẩm
shop-fewer = Bớt { $name }
shop-more = Thêm { $name }
shop-quantity = Số lượng { $name }
shop-try-again = Thử lại
shop-remove = Xóa
shop-remove-label = Xóa { $name }
shop-each = { $price } mỗi sản phẩm
shop-cart-title = Giỏ hàng của bạn
shop-cart-empty = Giỏ hàng của bạn đang trống.
shop-subtotal = Tạm tính:
shop-checkout = Thanh toán
shop-thanks = Cảm ơn bạn!
shop-confirmed = Đơn hàng của bạn đã được xác nhận.
shop-order-number = Mã đơn hàng:
shop-total = Tổng cộng:
shop-test-order = Đơn hàng thử — không có tiền bị trừ.
shop-added = Đã thêm vào giỏ ({ $n } trong giỏ).
shop-at-most-cart = Mỗi đơn chỉ được mua tối đa { $limit }; giỏ của bạn đang có { $n }.
shop-at-most = Tối đa { $limit } mỗi đơn.
shop-removed = Đã xóa { $name }.
shop-one-moment = Vui lòng chờ…
shop-waiting-sheet = Đang chờ trang thanh toán…
shop-placing = Đang đặt hàng…
shop-placing-again = Vẫn đang đặt hàng (lần { $n }/{ $of })…
shop-cancelled = Đã hủy thanh toán.
shop-placed = Đơn hàng đã được đặt.
shop-order-confirmed = Đơn hàng { $id } đã được xác nhận.
shop-not-sold = Sản phẩm này không được bán ở đây.
shop-busy = Đang đặt một đơn hàng; vui lòng chờ.
shop-getting-ready = Thanh toán đang sẵn sàng; vui lòng thử lại sau giây lát.
shop-no-buying = Không thể mua ở đây.
shop-deal-sheet-only = Ưu đãi này chỉ bán qua trang thanh toán của trình duyệt, vốn không khả dụng ở đây.
shop-one-at-a-time = Cửa hàng này chỉ nhận từng sản phẩm một ở đây ({ $reason }).

## Thẻ phát trực tiếp

live-region = Mua sắm trực tiếp
live-buy = Mua
live-buy-label = Mua { $name }, { $price }
live-pinned = Đã ghim: { $name }
live-deal-on = Ưu đãi chớp nhoáng đang diễn ra.
live-sold-out-said = Đã hết hàng.
live-deal-over-said = Ưu đãi đã kết thúc.
live-regular-price = giá gốc
live-flash = Ưu đãi chớp nhoáng ·
live-left = còn { $n } ·
live-sold-out = Hết hàng
live-deal-over = Hết ưu đãi
live-likes = Thích, { $n } lượt thích
live-lost = Tạm dừng cập nhật trực tiếp; đang kết nối lại…
live-back = Cập nhật trực tiếp đã trở lại.

## Vì sao một đơn hàng hoặc một lần thêm vào giỏ không thành công.

shop-problem-declined = Thanh toán của bạn bị từ chối. Bạn chưa bị trừ tiền; bạn có thể thử cách thanh toán khác.
shop-problem-sold-out = Rất tiếc, một sản phẩm trong đơn hàng của bạn vừa hết hàng.
shop-problem-price-changed = Giá đã thay đổi kể từ khi trang này được tải. Vui lòng kiểm tra giỏ hàng và thử lại.
shop-problem-in-progress = Đơn hàng của bạn vẫn đang được xử lý.
shop-problem-cancelled = Thanh toán này đã bị hủy và bạn chưa bị trừ tiền. Vui lòng đặt hàng lại.
shop-problem-busy = Cửa hàng đang rất đông. Vui lòng thử lại sau giây lát; bạn sẽ không bị trừ tiền hai lần.
shop-problem-payment-down = Dịch vụ thanh toán không phản hồi. Vui lòng thử lại sau giây lát; bạn sẽ không bị trừ tiền hai lần.
shop-problem-no-payments = Cửa hàng này hiện không thể nhận thanh toán.
shop-problem-deal-over = Rất tiếc, ưu đãi này vừa kết thúc. Bạn chưa bị trừ tiền.
shop-problem-deal-sold-out = Rất tiếc, ưu đãi này vừa hết hàng. Bạn chưa bị trừ tiền.
shop-problem-deal-limit = Bạn đã có số lượng tối đa của ưu đãi này mà mỗi người mua được phép.
shop-problem-other = Không thể đặt đơn hàng của bạn. Vui lòng tải lại trang và thử lại.
shop-failure-rejected = Không thể đặt đơn hàng của bạn.
shop-failure-offline = Không kết nối được với cửa hàng. Hãy kiểm tra kết nối và thử lại; bạn sẽ không bị trừ tiền hai lần.
shop-failure-slow = Cửa hàng phản hồi quá lâu. Vui lòng thử lại sau giây lát; bạn sẽ không bị trừ tiền hai lần.
shop-failure-down = Cửa hàng hiện không phản hồi. Vui lòng thử lại sau giây lát; bạn sẽ không bị trừ tiền hai lần.
shop-field-name = Tên của bạn
shop-field-email = Địa chỉ email của bạn
shop-field-phone = Số điện thoại của bạn
shop-field-recipient = Tên người nhận
shop-field-delivery-phone = Số điện thoại giao hàng
shop-field-country = Quốc gia trong địa chỉ của bạn
shop-field-postal-code = Mã bưu chính trong địa chỉ của bạn
shop-field-address = Địa chỉ giao hàng của bạn
shop-field-refused = { $field } không được chấp nhận. Vui lòng sửa trong trang thanh toán và thử lại.
shop-field-refused-rule = { $field } không được chấp nhận ({ $rule }). Vui lòng sửa trong trang thanh toán và thử lại.
shop-method-refused = Cửa hàng này không nhận cách thanh toán này. Vui lòng chọn cách khác trong trang thanh toán.
shop-sheet-failed = Không thể mở trang thanh toán. Vui lòng thử lại.
shop-apple-pay-failed = Không thể khởi động Apple Pay cho cửa hàng này. Bạn chưa bị trừ tiền; vui lòng thử lại hoặc chọn cách thanh toán khác.
shop-store-sold-out = Rất tiếc, sản phẩm này đã hết hàng.
shop-store-partial = Chỉ một phần số lượng đó còn hàng; phần còn lại không thể thêm vào giỏ.
shop-store-partial-count = Chỉ thêm được { $n } sản phẩm; phần còn lại đã hết hàng.
shop-store-refused = Cửa hàng không thể thêm sản phẩm này.
shop-store-refused-reason = Cửa hàng không thể thêm sản phẩm này ({ $reason }).
shop-store-no-hook = Cửa hàng hiện không thể nhận sản phẩm này.
shop-store-added = Đã thêm { $n } sản phẩm vào giỏ hàng của cửa hàng.
shop-store-not-sold = Sản phẩm này không được bán trong giỏ hàng của cửa hàng này.
shop-store-to-checkout = Đang chuyển đến trang thanh toán của cửa hàng…
shop-store-no-answer = Cửa hàng không phản hồi. Vui lòng thử lại.
shop-store-unsure = Cửa hàng không cho biết sản phẩm đã được thêm hay chưa; vui lòng kiểm tra giỏ hàng.
shop-store-session-expired = Phiên của cửa hàng đã hết hạn. Vui lòng tải lại trang và thử lại.
shop-store-too-many = Không đủ hàng với số lượng đó; chưa có gì được thêm. Hãy thử số lượng nhỏ hơn.

## A stored cart that no longer matches the manifest (model::cart::CartChange).

shop-cart-vanished = { $name } không còn được bán ở đây và đã bị xóa khỏi giỏ hàng của bạn.
shop-cart-unavailable = { $name } không còn có sẵn và đã bị xóa khỏi giỏ hàng của bạn.
shop-cart-price-changed = Giá của { $name } đã thay đổi từ { $from } thành { $to }.
shop-cart-reduced = { $name } chỉ được mua tối đa { $to } mỗi đơn, nên giỏ hàng của bạn giờ có { $to } thay vì { $from }.
shop-cart-currency = Giá hiện tính bằng { $to } thay vì { $from }, nên giỏ hàng của bạn đã được làm trống.
