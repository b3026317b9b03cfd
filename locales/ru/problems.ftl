## Отказы по данным пользователя: поле и как исправить.

field-pk = pk
field-username = имя пользователя
field-full-name = полное имя
field-is-private = is_private
field-is-verified = is_verified
field-profile-pic-url = ссылка на аватар
field-profile-chaining-secondary-label = подпись
field-social-context = социальный контекст
field-project-id = project_id
field-requester-telegram-id = requester_telegram_id
field-metadata = metadata

problem-pk-type = { $field }: должно быть целым числом из цифр, а не { $kind ->
    [decimal] дробным числом
    [boolean] true/false
    [list] списком
    [object] объектом
   *[other] { $kind }
} (например, "1234567890").
problem-pk-format = { $field }: допускаются только цифры, например 1234567890.
problem-pk-empty = { $field }: пусто; укажите числовой id аккаунта (pk).
problem-pk-length = { $field }: { $length } { $length ->
    [one] цифра
    [few] цифры
   *[many] цифр
}; допускается не больше { $limit }.
problem-pk-leading-zero = { $field }: не должно начинаться с 0.
problem-pk-conflict = Поля id этого профиля не совпадают ({ $fields }); исправьте их, чтобы они указывали на одного пользователя.
problem-username-type = { $field }: должно быть текстом.
problem-username-empty = { $field }: пусто; укажите имя аккаунта, например acme.shop.
problem-username-length = { $field }: { $length } { $length ->
    [one] символ
    [few] символа
   *[many] символов
}; допускается не больше { $limit }.
problem-username-chars = { $field }: допускаются только буквы a-z, цифры, "." и "_" (найдено "{ $char }").
problem-username-dot-edge = { $field }: не может начинаться или заканчиваться точкой.
problem-username-dots = { $field }: не может содержать две точки подряд.
problem-text-nul = { $field }: содержит символ NUL (\u0000), который нельзя сохранить; удалите его.
problem-text-type = { $field }: должно быть текстом.
problem-text-length = { $field }: { $length } { $length ->
    [one] символ
    [few] символа
   *[many] символов
}; допускается не больше { $limit }. Сократите текст.
problem-bool-type = { $field }: должно быть true или false.
problem-url-format = { $field }: должно быть пустым или ссылкой, начинающейся с http:// или https://.
problem-project-type = { $field }: должно быть положительным целым числом, id проекта.
problem-project-range = { $field }: должно быть положительным целым числом, id проекта.
problem-requester-type = { $field }: должно быть id пользователя Telegram (цифры).
problem-metadata-type = { $field }: должно быть JSON-объектом, например {"{"}"source": "manual"{"}"}.
problem-metadata-size = { $field }: { $size }; допускается не больше { $limit }.
problem-field-missing = { $field }: обязательное поле.
problem-field-object = { $field }: должно быть JSON-объектом.
problem-field-invalid = { $field }: { $detail }.

problem-project-missing = Проект не указан: у пользователя нет project_id, и проект не выбран.
problem-project-not-found = Проекта { $project_id } нет; выберите существующий активный проект.
problem-project-inactive = Проект { $project_id } ({ $name }) отключён: новых пользователей не принимает (список доступен для чтения). Выберите активный проект или включите этот снова в /projects.
problem-legacy-conflict = Старое правило уникальности (search_username, user_pk) уже содержит { $username } (pk { $pk }) в проекте { $other_project }; эта база не может сохранить его в другом проекте.
problem-database-unavailable = База данных сейчас недоступна. Ничего не сохранено; попробуйте чуть позже.
problem-database-error = База данных отклонила запрос ({ $reason }). Ничего не сохранено.

problem-json-syntax = Это не корректный JSON: { $reason } в строке { $line }, столбце { $column }. Исправьте и отправьте снова.
problem-json-duplicate-key = В JSON ключ "{ $key }" встречается в одном объекте дважды, смысл неоднозначен. Оставьте один.
problem-json-too-large = Документ занимает { $size }; принимается не больше { $limit }. Отправьте сокращённый профиль или разделите список.
problem-json-too-deep = Вложенность JSON больше { $limit } уровней; это не профиль. Отправьте сам объект профиля.
problem-json-number = В JSON есть число, которое нельзя прочитать: в нём тысячи цифр.
problem-json-constant = В JSON есть { $name }, это не корректный JSON; напишите null или число.
problem-json-empty = Документ пуст; отправьте JSON-объект или список.
problem-json-encoding = Файл не в кодировке UTF-8 (плохой байт в позиции { $position }). Сохраните его в UTF-8 и отправьте снова.
problem-ig-error = Instagram вернул ошибку вместо профиля: { $message }
problem-ig-no-user = В ответе нет профиля (user равен null): аккаунт не существует или скрыт.
problem-no-users = В документе нет пользователей.
problem-not-a-profile = В этом JSON не найден пользователь Instagram ({ $found }). Отправьте профиль, список пользователей или объект с pk и username.
problem-entry-not-object = Элемент { $index } не является JSON-объектом.
