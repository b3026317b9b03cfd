## Поиск, карточка аккаунта, правка, перенос/копия, удаление и отмена, история.

manage-no-project = без проекта
manage-project-gone = (удалённый проект)
manage-by = { $name } (id { $id })
manage-by-id = id { $id }
manage-by-nobody = —
manage-by-cli = командная строка

# Карточка
manage-card-pk = pk: <code>{ $pk }</code>
manage-card-flags = 🔒 Закрытый: { $private } · ☑️ Подтверждённый: { $verified }
manage-card-picture = Аватар: <a href="{ $url }">ссылка</a>
manage-card-label = Подпись: { $label }
manage-card-social = Социальный контекст: { $social }
manage-card-project = Проект: { $project }
manage-card-added = Добавлен { $when }, кем: { $by }
manage-card-updated = Изменён { $when }
manage-btn-edit = ✏️ Изменить
manage-btn-move = 📂 Перенести/копировать
manage-btn-remove = 🗑 Удалить
manage-btn-history = 🕘 История
manage-btn-instagram = 🔗 Открыть в Instagram
manage-btn-remove-yes = 🗑 Да, удалить
manage-btn-keep = ✖️ Оставить
manage-btn-undo = ↩️ Отменить
manage-btn-undo-it = ↩️ Отменить это
manage-btn-undo-import = ↩️ Отменить этот импорт
manage-btn-undo-import-yes = ↩️ Да, удалить { $count }
manage-btn-apply = 🔄 Обновить сохранённую запись этими значениями
manage-btn-back = ◀️ Назад
manage-btn-done = ✅ Готово
manage-btn-clear = 🧹 Очистить
manage-btn-move-here = 📦 Перенести
manage-btn-copy-here = 📄 Копировать

# /find, /user, /edit, /delete, имя или pk без команды
manage-find-usage = Напишите, что искать: <code>/find acme</code> (начало имени пользователя), pk, например <code>/find 1234567890</code>, или ссылку на профиль.
manage-edit-usage = Укажите, какой аккаунт изменить: <code>/edit acme.shop</code>, pk или ссылку на профиль.
manage-delete-usage = Укажите, какой аккаунт удалить: <code>/delete acme.shop</code>, pk или ссылку на профиль.
manage-find-bad = «{ $text }» — не имя пользователя, не pk и не ссылка на профиль. В имени бывают буквы a-z, цифры, точки и подчёркивания; pk — только цифры.
manage-find-none = По запросу { $query } ничего не найдено. Добавьте его через /add или отправьте JSON профиля.
manage-find-title = 🔎 { $query }: { $count } { $count ->
    [one] аккаунт
    [few] аккаунта
   *[many] аккаунтов
}
manage-find-line = pk <code>{ $pk }</code> · { $project } · добавлен { $when }, кем: { $by }
manage-find-more = … и ещё { $count }: уточните начало имени.
manage-find-more-capped = … и ещё больше { $count }: уточните начало имени.
manage-choose-one = Подходит несколько аккаунтов; откройте нужный:
manage-gone = Этого аккаунта больше нет в списке (его удалили или изменили). Поищите снова: /find.
manage-gone-alert = Этого аккаунта больше нет в списке (его удалили или изменили).

# Удаление и отмена
manage-remove-ask = Удалить @{ $username } из { $project }?
manage-removed = 🗑 @{ $username } удалён из { $project }. Запись хранится в архиве: «Отменить» вернёт её как была.
manage-restored = ↩️ Восстановлено.
manage-restore-done = Это удаление уже отменено.
manage-undo-none = Вам нечего отменять.
manage-undo-ask = Отменить ваше последнее изменение? Вы { $what }.
manage-undone = ↩️ Отменено: вы { $what }.
manage-undo-gone = Это изменение уже отменено, или аккаунт с тех пор изменился.
manage-undo-failed = ❌ Не удалось отменить: { $reason }
manage-kept = Ничего не изменено.
manage-import-ask = Удалить { $count } { $count ->
    [one] пользователя, добавленного
    [few] пользователей, добавленных
   *[many] пользователей, добавленных
} этим импортом? Они сохранятся в архиве.
manage-import-undone = ↩️ Импорт отменён: удалено { $count } { $count ->
    [one] пользователь
    [few] пользователя
   *[many] пользователей
}.
manage-import-expired = Этот импорт уже нельзя отменить (он уже отменён или ему больше 24 часов).

# «Обновить сохранённую запись»
manage-proposal = Эти значения отличаются от сохранённой записи:
manage-proposal-line = • { $field }: { $old } → { $new }
manage-proposal-used = Эти значения уже применены (или предложение устарело).
manage-updated = ✅ Обновлено.

# Правка, перенос, копия
manage-edit-title = ✏️ <b>Правка</b> @{ $username } в { $project }
manage-edit-hint = Выберите, что изменить. Каждое изменение сохраняется сразу; /undo отменит последнее.
manage-edit-saved = ✅ Сохранено.
manage-edit-ask-full-name = Отправьте новое полное имя (не больше 255 символов).
manage-edit-ask-profile-pic-url = Отправьте новую ссылку на аватар (начинается с http:// или https://).
manage-edit-ask-secondary-label = Отправьте новую подпись (не больше 255 символов).
manage-edit-ask-social-context = Отправьте новый социальный контекст (не больше 255 символов).
manage-move-ask = В какой проект перенести или скопировать @{ $username }?
manage-move-none = Нет другого активного проекта для переноса или копии. Создайте его: <code>/newproject НАЗВАНИЕ</code>.
manage-move-choose = @{ $username } → { $target }: перенести туда или скопировать (оставив и здесь)?
manage-moved = ✅ Перенесено в { $project }.
manage-copied = ✅ Скопировано в { $project }.
manage-clash = В { $project } уже есть pk { $pk } (@{ $username }); аккаунт может быть в проекте только один раз.
manage-legacy-clash = Старое правило уникальности базы (search_username, user_pk) не позволяет это изменение.
manage-project-unavailable = Этот проект больше не активен; выберите другой.

# История
manage-history-line = { $when } · { $who }: { $what }
manage-history-account = 🕘 <b>Изменения { $query }</b>
manage-history-project = 🕘 <b>Последние изменения в { $project }</b> (#{ $project_id })
manage-history-all = 🕘 <b>Последние изменения</b>
manage-history-none = Для { $query } изменений не записано.
manage-history-empty = Изменений пока не записано.
manage-what-create = добавили @{ $username } в { $project }
manage-what-edit = изменили { $fields } у @{ $username } в { $project }
manage-what-move = перенесли @{ $username } в { $project }
manage-what-remove = удалили @{ $username } из { $project }
manage-what-copy = скопировали @{ $username } в { $project }
manage-what-restore = восстановили @{ $username } в { $project }
manage-what-undo = отменили изменение @{ $username } в { $project }
manage-what-undo-import = удалили @{ $username } из { $project } (отмена импорта)
manage-what-project-create = создали проект { $project }
manage-what-project-rename = переименовали проект { $project }
manage-what-project-activate = снова включили проект { $project }
manage-what-project-deactivate = отключили проект { $project }
manage-what-project-edit = изменили проект { $project }
manage-what-project-delete = удалили проект { $project }

# Встроенный режим (простой текст)
manage-inline-description = { $project } (#{ $project_id }) · pk { $pk }

command-find = Найти аккаунт
command-undo = Отменить моё последнее изменение
command-history = Последние изменения
