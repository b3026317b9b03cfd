## Мини-приложение (веб-страница внутри Telegram). Страница получает все сообщения webapp-*
## из /api/session, без префикса "webapp-", и показывает их как простой текст: без HTML.
## Переменные приходят на страницу как {name}, она подставляет их сама; поэтому без форм
## множественного числа.

# Кнопка в чате, открывающая страницу, и кнопка меню бота.
webapp-open = 📋 Открыть список
webapp-menu = Списки

# Страница.
webapp-title = Списки
webapp-project = Проект
webapp-project-inactive = { $name } (неактивен)
webapp-no-projects = Проектов пока нет. Создайте проект в чате: /newproject НАЗВАНИЕ
webapp-search = Поиск по имени пользователя или имени
webapp-filter-private = Закрытые
webapp-filter-verified = С галочкой
webapp-filter-mine = Добавлены мной
webapp-filter-recent = За 24 ч
webapp-sort = Порядок
webapp-sort-newest = Сначала новые
webapp-sort-oldest = Сначала старые
webapp-sort-username = По имени пользователя
webapp-total = Аккаунтов: { $count }
webapp-loading = Загрузка…
webapp-end = Конец списка.
webapp-empty = Подходящих аккаунтов нет.
webapp-private = Закрытый
webapp-verified = С галочкой
webapp-added = Добавлен { $when }, добавил: { $who }
webapp-added-when = Добавлен { $when }
webapp-open-profile = Открыть в Instagram
webapp-selected = Выбрано: { $count }
webapp-select-all = Выбрать все показанные
webapp-clear-selection = Снять выбор
webapp-remove = Удалить
webapp-move = Переместить
webapp-copy = Копировать
webapp-export = Экспорт CSV
webapp-move-to = В какой проект переместить?
webapp-copy-to = В какой проект скопировать?
webapp-cancel = Отмена
webapp-close = Закрыть
webapp-removed = Удалено: { $count }.
webapp-undo = Отменить
webapp-restored = Возвращено: { $count }.
webapp-moved = Перемещено: { $count }.
webapp-copied = Скопировано: { $count }.
webapp-clash = @{ $username } уже есть в том проекте: оставлен на месте.
webapp-exported = Отправлено в ваш чат с ботом, строк: { $count }.
webapp-retry = Повторить
webapp-offline = Нет связи с ботом. Проверьте соединение и повторите.
webapp-export-caption = 📤 { $name } (#{ $project_id }): выбранные строки ({ $rows }), CSV.

# Ответы API страницы (страница показывает их как есть).
webapp-error-unauthorized = Эта страница работает, только если открыть её из бота в Telegram. Закройте её и откройте снова из чата.
webapp-error-stale = Страница открыта больше 24 часов назад. Закройте её и откройте снова из чата.
webapp-error-not-admin = Эта страница только для администраторов бота. Ваш id в Telegram: { $user_id }; администратор может добавить его в ADMIN_IDS.
webapp-error-rate-limit = Слишком много запросов сразу. Подождите несколько секунд и повторите.
webapp-error-bad-project = «{ $value }» — не номер проекта: укажите номер проекта.
webapp-error-no-project = Проекта #{ $project_id } нет. Выберите проект из списка.
webapp-error-inactive-project = Проект #{ $project_id } неактивен или удалён: выберите активный проект.
webapp-error-bad-sort = «{ $value }» — не порядок сортировки: newest, oldest или username.
webapp-error-bad-limit = Размер страницы — число от 1 до { $max }.
webapp-error-bad-cursor = Место в списке больше не действительно (сменился порядок?). Откройте список сначала.
webapp-error-text-too-long = Слишком длинный текст поиска: не больше { $max } символов.
webapp-error-bad-ids = Укажите строки списком из 1–{ $max } id строк.
webapp-error-bad-undo = Укажите, что отменить, списком номеров, который вернуло удаление (не больше { $max }).
webapp-error-bad-body = Запрос должен быть JSON-объектом с полями этого действия.
webapp-error-database = База данных не отвечает. Повторите через минуту.
webapp-error-telegram = Telegram не принял файл. Откройте чат с ботом (нажмите «Старт») и повторите экспорт.
webapp-error-too-big = Экспорт больше { $limit_mb } МБ — столько Telegram позволяет боту отправить. Выберите меньше строк или выгрузите на сервере: igbot export ID
