### العربية. يجب أن تطابق المفاتيح والمتغيرات ما في en.ftl.

## الشريط فوق الفيديو

viewer-shop = تسوّق من الفيديو
viewer-cart = السلة
viewer-cart-items =
    { $n ->
        [zero] السلة { $n } منتجات
        [one] السلة { $n } منتج
        [two] السلة { $n } منتجان
        [few] السلة { $n } منتجات
        [many] السلة { $n } منتجًا
       *[other] السلة { $n } منتج
    }
viewer-pip-products = المنتجات في هذا الفيديو
viewer-pip-note = يُعرض في وضع صورة داخل صورة. تسوّق ما يظهر فيه:
viewer-fullscreen = ملء الشاشة
viewer-exit-fullscreen = الخروج من ملء الشاشة

## بطاقة المنتج والسلة والدفع

shop-close = إغلاق
shop-dismiss = تجاهل
shop-list-title = تسوّق من الفيديو
shop-jump = انتقال
shop-jump-label = الانتقال إلى { $name } في الفيديو
shop-view = عرض
shop-view-label = عرض { $name }
shop-pinned = مثبّت في البث
shop-all-products = › كل المنتجات
shop-was = كان { $price }
shop-in-stock = متوفر
shop-sold-out = نفد
shop-unavailable = غير متوفر بهذا الاختيار
shop-choice-sold-out = (نفد)
shop-add = أضف إلى السلة
shop-buy-now = اشترِ الآن
shop-product-page = صفحة المنتج
shop-fewer = تقليل { $name }
shop-more = زيادة { $name }
shop-quantity = كمية { $name }
shop-try-again = أعد المحاولة
shop-remove = إزالة
shop-remove-label = إزالة { $name }
shop-each = { $price } للقطعة
shop-cart-title = سلتك
shop-cart-empty = سلتك فارغة.
shop-subtotal = المجموع الفرعي:
shop-checkout = الدفع
shop-thanks = شكرًا لك!
shop-confirmed = تم تأكيد طلبك.
shop-order-number = رقم الطلب:
shop-total = الإجمالي:
shop-test-order = طلب تجريبي — لم يُدفع أي مال.
shop-added = أُضيف إلى السلة ({ $n } في السلة).
shop-at-most-cart = يمكنك شراء { $limit } كحد أقصى في الطلب الواحد؛ في سلتك { $n }.
shop-at-most = { $limit } كحد أقصى في الطلب الواحد.
shop-removed = أُزيل { $name }.
shop-one-moment = لحظة من فضلك…
shop-waiting-sheet = بانتظار صفحة الدفع…
shop-placing = جارٍ تقديم طلبك…
shop-placing-again = ما زال طلبك قيد التقديم (المحاولة { $n } من { $of })…
shop-cancelled = أُلغي الدفع.
shop-placed = تم تقديم طلبك.
shop-order-confirmed = تم تأكيد طلبك { $id }.
shop-not-sold = هذا المنتج غير معروض للبيع هنا.
shop-busy = يجري تقديم طلب؛ لحظة من فضلك.
shop-getting-ready = الدفع قيد التجهيز؛ حاول مجددًا بعد لحظة.
shop-no-buying = الشراء غير متاح هنا.
shop-deal-sheet-only = هذا العرض يُباع فقط عبر صفحة الدفع في المتصفح، وهي غير متاحة هنا.
shop-one-at-a-time = هذا المتجر يقبل منتجًا واحدًا في كل مرة هنا ({ $reason }).

## بطاقة البث المباشر

live-region = تسوّق مباشر
live-buy = شراء
live-buy-label = شراء { $name }، { $price }
live-pinned = مثبّت: { $name }
live-deal-on = بدأ العرض الخاطف.
live-sold-out-said = نفدت الكمية.
live-deal-over-said = انتهى العرض.
live-regular-price = السعر المعتاد
live-flash = عرض خاطف ·
live-left = متبقٍ { $n } ·
live-sold-out = نفد
live-deal-over = انتهى العرض
live-likes =
    { $n ->
        [zero] إعجاب، لا إعجابات
        [one] إعجاب، إعجاب واحد
        [two] إعجاب، إعجابان
        [few] إعجاب، { $n } إعجابات
        [many] إعجاب، { $n } إعجابًا
       *[other] إعجاب، { $n } إعجاب
    }
live-lost = توقفت تحديثات البث مؤقتًا؛ جارٍ إعادة الاتصال…
live-back = عادت تحديثات البث.
