## Почему диалог не принял последний ответ: строка над вопросом.

dialog-problem = ❌ { $reason }
problem-send-text = Отправьте значение текстовым сообщением или воспользуйтесь кнопками.
problem-use-buttons = Воспользуйтесь кнопками под этим сообщением.
problem-not-profile-link = Эта ссылка ведёт не на профиль. Отправьте ссылку на профиль, например https://instagram.com/acme.shop, @имя или просто имя пользователя.
problem-project-name-empty = Название пустое: отправьте название проекта текстом.
problem-project-name-too-long = В названии { $length ->
    [one] { $length } символ
    [few] { $length } символа
   *[many] { $length } символов
}; допускается не больше { $limit }. Отправьте название покороче.
problem-text-filter = Текст пустой или длиннее { $limit } символов.
problem-internal-error = { internal-error }

## Проект в кнопках и формах (имя экранирует или обрезает вызывающий код).
project-label = { $name } (#{ $id })
project-label-current = { projects-current-mark } { project-label }
