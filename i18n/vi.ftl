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
