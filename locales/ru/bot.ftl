## Общие сообщения бота.

yes = да
no = нет
access-denied = ⛔ Этот бот только для администраторов. Ваш id в Telegram: <code>{ $user_id }</code>; попросите владельца добавить его в ADMIN_IDS.
access-denied-alert = ⛔ Этот бот только для администраторов. Ваш id в Telegram: { $user_id }; попросите владельца добавить его в ADMIN_IDS.
help-text =
    <b>Бот пользователей Instagram</b>
    Добавляет аккаунты Instagram в список проекта.

    /add — добавить пользователя по шагам
    /list — пользователи проекта, по страницам
    /find acme — найти аккаунты по имени (его началу), pk или ссылке; или просто отправьте имя или pk
    /user, /edit, /delete ИМЯ — открыть, изменить или удалить аккаунт
    /undo — отменить ваше последнее изменение
    /history [ИМЯ] — последние изменения (аккаунта или текущего проекта)
    /projects — активные проекты и число пользователей
    /project ID — выбрать текущий проект
    /newproject НАЗВАНИЕ — создать проект (он станет текущим)
    /renameproject ID НАЗВАНИЕ — переименовать проект (кнопки /projects также отключают и включают)
    /export [ID] [json] — пользователи проекта файлом CSV (или JSON lines)
    /stats — счётчики с запуска и итоги по базе
    /cancel — прервать текущее действие
    /help — это сообщение

    Или просто отправьте JSON профиля (вставьте, перешлите или загрузите файл .json); список добавляет многих. Подойдёт и ссылка на профиль или @имя. Пример:
    <pre>{"{"}"pk": "1234567890", "username": "acme.shop", "full_name": "Acme"{"}"}</pre>
cancelled = Отменено. Отправьте /help, чтобы увидеть, что я умею.
nothing-to-cancel = Отменять нечего. Отправьте /help, чтобы увидеть, что я умею.
unknown-command = Такой команды я не знаю. Отправьте /help, чтобы увидеть известные.
not-understood = Я не понял сообщение. Отправьте JSON профиля, ссылку на профиль или @имя, или используйте /add. /help покажет всё.
stale-button = Эта кнопка из старого сообщения.
stale-restart = Это сообщение устарело (возможно, бот перезапускался). Начните заново: /add, /list или /help.
internal-error = У нас что-то пошло не так; ничего не изменено. Попробуйте ещё раз.

command-add = Добавить пользователя по шагам
command-list = Пользователи проекта
command-projects = Активные проекты
command-project = Выбрать текущий проект
command-newproject = Создать проект
command-stats = Счётчики и итоги
command-cancel = Отмена
command-help = Справка

user-card =
    <a href="{ $profile_url }">@{ $username }</a> — { $full_name }
    pk: <code>{ $pk }</code>
    Закрытый: { $private }, подтверждённый: { $verified }
    Проект: #{ $project_id }
    Добавлен: { $added }, кем: { $requester }
result-created = ✅ <b>Создан.</b>
result-exists = 👤 <b>Уже есть</b> в этом проекте:
result-rejected = ❌ Не сохранено: { $reason }
summary-progress = ⏳ Импорт: обработано { $processed } из { $total }…
summary-done = 🎉 Импорт завершён: { $total } { $total ->
    [one] пользователь
    [few] пользователя
   *[many] пользователей
}.
summary-counts = ✅ создано { $created }, 👤 уже было { $existed }, ❌ отклонено { $rejected }
summary-reason = • №{ $index }: { $reason }
summary-more = … и ещё { $count } отклонено.
