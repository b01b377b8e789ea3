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

## لماذا فشل طلب أو إضافة إلى السلة.

shop-problem-declined = رُفض الدفع. لم يُخصم أي مبلغ؛ يمكنك تجربة طريقة دفع أخرى.
shop-problem-sold-out = عذرًا، نفد للتو منتج في طلبك.
shop-problem-price-changed = تغيّر سعر منذ تحميل هذه الصفحة. يُرجى مراجعة سلتك والمحاولة مرة أخرى.
shop-problem-in-progress = ما زال طلبك قيد المعالجة.
shop-problem-cancelled = أُلغيت عملية الدفع هذه ولم يُخصم شيء. يُرجى بدء طلبك من جديد.
shop-problem-busy = المتجر مشغول جدًا الآن. حاول مرة أخرى بعد لحظة؛ لن يُخصم المبلغ مرتين.
shop-problem-payment-down = خدمة الدفع لا تستجيب. حاول مرة أخرى بعد لحظة؛ لن يُخصم المبلغ مرتين.
shop-problem-no-payments = لا يستطيع هذا المتجر قبول المدفوعات الآن.
shop-problem-deal-over = عذرًا، انتهى هذا العرض للتو. لم يُخصم شيء.
shop-problem-deal-sold-out = عذرًا، نفد هذا العرض للتو. لم يُخصم شيء.
shop-problem-deal-limit = لديك بالفعل الحد الأقصى المسموح به لكل مشترٍ من هذا العرض.
shop-problem-other = تعذّر تقديم طلبك. يُرجى إعادة تحميل الصفحة والمحاولة مرة أخرى.
shop-failure-rejected = تعذّر تقديم طلبك.
shop-failure-offline = تعذّر الوصول إلى المتجر. تحقّق من اتصالك وحاول مرة أخرى؛ لن يُخصم المبلغ مرتين.
shop-failure-slow = يستغرق المتجر وقتًا طويلًا للرد. حاول مرة أخرى بعد لحظة؛ لن يُخصم المبلغ مرتين.
shop-failure-down = المتجر لا يستجيب الآن. حاول مرة أخرى بعد لحظة؛ لن يُخصم المبلغ مرتين.
shop-field-name = اسمك
shop-field-email = بريدك الإلكتروني
shop-field-phone = رقم هاتفك
shop-field-recipient = اسم المستلم
shop-field-delivery-phone = رقم هاتف التوصيل
shop-field-country = بلد عنوانك
shop-field-postal-code = الرمز البريدي لعنوانك
shop-field-address = عنوان الشحن
shop-field-refused = لم يُقبل { $field }. يُرجى تصحيحه في صفحة الدفع والمحاولة مرة أخرى.
shop-field-refused-rule = لم يُقبل { $field } ({ $rule }). يُرجى تصحيحه في صفحة الدفع والمحاولة مرة أخرى.
shop-method-refused = لا يقبل هذا المتجر طريقة الدفع هذه. يُرجى اختيار طريقة أخرى في صفحة الدفع.
shop-sheet-failed = تعذّر فتح صفحة الدفع. يُرجى المحاولة مرة أخرى.
shop-apple-pay-failed = تعذّر بدء Apple Pay لهذا المتجر. لم يُخصم شيء؛ حاول مرة أخرى أو اختر طريقة دفع أخرى.
shop-store-sold-out = عذرًا، نفد هذا المنتج.
shop-store-partial = لم يتوفر في المخزون سوى جزء من هذه الكمية؛ تعذّرت إضافة الباقي.
shop-store-partial-count = أمكن إضافة { $n } فقط؛ الباقي غير متوفر في المخزون.
shop-store-refused = تعذّر على المتجر إضافة هذا المنتج.
shop-store-refused-reason = تعذّر على المتجر إضافة هذا المنتج ({ $reason }).
shop-store-no-hook = لا يستطيع هذا المتجر قبول المنتج الآن.
shop-store-added =
    { $n ->
        [one] أُضيف إلى سلة المتجر.
        [two] أُضيف منتجان إلى سلة المتجر.
       *[other] أُضيف { $n } إلى سلة المتجر.
    }
shop-store-not-sold = هذا المنتج غير معروض للبيع في سلة هذا المتجر.
shop-store-to-checkout = جارٍ الانتقال إلى صفحة الدفع في المتجر…
shop-store-no-answer = لم يستجب المتجر. يُرجى المحاولة مرة أخرى.
shop-store-unsure = لم يوضح المتجر ما إذا كان المنتج قد أُضيف؛ يُرجى التحقق من السلة.
shop-store-session-expired = انتهت جلسة المتجر. يُرجى إعادة تحميل الصفحة والمحاولة مرة أخرى.
shop-store-too-many = لا تتوفر هذه الكمية في المخزون؛ لم يُضف شيء. جرّب كمية أصغر.

## A stored cart that no longer matches the manifest (model::cart::CartChange).

shop-cart-vanished = { $name } لم يعد يُباع هنا وأُزيل من سلتك.
shop-cart-unavailable = { $name } لم يعد متوفرًا وأُزيل من سلتك.
shop-cart-price-changed = تغيّر سعر { $name } من { $from } إلى { $to }.
shop-cart-reduced = الحد الأقصى من { $name } هو { $to } لكل طلب، لذا أصبحت سلتك تحتوي على { $to } بدلًا من { $from }.
shop-cart-currency = أصبحت الأسعار بعملة { $to } بدلًا من { $from }، لذا أُفرغت سلتك.
