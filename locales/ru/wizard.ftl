## Мастер /add: один пользователь, по шагам.

wizard-no-projects = Активных проектов пока нет, добавлять пользователя некуда. Создайте проект командой /newproject НАЗВАНИЕ и снова отправьте /add.
wizard-title = ➕ <b>Новый пользователь Instagram</b> — шаг { $step } из { $steps }
wizard-project-line = Проект: { $project }
wizard-current = Сейчас: { $current }

wizard-ask-project = Выберите проект, в который добавить пользователя. Он же станет вашим текущим проектом.
wizard-ask-pk = Отправьте числовой id аккаунта (pk), например <code>1234567890</code>.
wizard-ask-username = Отправьте имя пользователя, например <code>acme.shop</code>. Подойдёт и @имя или ссылка на профиль (https://instagram.com/acme.shop).
wizard-ask-full-name = Отправьте полное имя (не больше 255 символов) или нажмите «Пропустить».
wizard-ask-flags = Аккаунт закрытый? Подтверждённый? Нажмите кнопку, чтобы переключить, затем «Далее».
wizard-ask-profile-pic-url = Отправьте ссылку на аватар (начинается с http:// или https://) или нажмите «Пропустить».
wizard-ask-secondary-label = Отправьте подпись (строка под именем в похожих аккаунтах, не больше 255 символов) или нажмите «Пропустить».
wizard-ask-social-context = Отправьте социальный контекст, например «Подписаны acme.shop и ещё 3» (не больше 255 символов), или нажмите «Пропустить».

wizard-summary-title = 📋 <b>Новый пользователь Instagram</b> — проверьте перед сохранением
wizard-summary =
    Проект: { $s_project }
    pk: <code>{ $s_pk }</code>
    Имя пользователя: @{ $s_username }
    Полное имя: { $s_full_name }
    Закрытый: { $s_private ->
        [true] { yes }
       *[other] { no }
    }
    Подтверждённый: { $s_verified ->
        [true] { yes }
       *[other] { no }
    }
    Аватар: { $s_profile_pic_url }
    Подпись: { $s_secondary_label }
    Социальный контекст: { $s_social_context }
wizard-summary-hint = Нажмите «Сохранить», чтобы добавить пользователя, или ✏️, чтобы изменить поле.
wizard-cancelled = ✖️ Отменено. Ничего не сохранено.

wizard-btn-back = ◀️ Назад
wizard-btn-cancel = ✖️ Отмена
wizard-btn-skip = Пропустить ⏭
wizard-btn-next = Далее ▶️
wizard-btn-save = ✅ Сохранить
wizard-btn-private = { $is_private ->
        [true] ✅
       *[other] ⬜
    } Закрытый
wizard-btn-verified = { $is_verified ->
        [true] ✅
       *[other] ⬜
    } Подтверждённый

wizard-edit-project = ✏️ Проект
wizard-edit-pk = ✏️ pk
wizard-edit-username = ✏️ Имя пользователя
wizard-edit-full-name = ✏️ Полное имя
wizard-edit-flags = ✏️ Закрытый, подтверждённый
wizard-edit-profile-pic-url = ✏️ Ссылка на аватар
wizard-edit-secondary-label = ✏️ Подпись
wizard-edit-social-context = ✏️ Соц. контекст
