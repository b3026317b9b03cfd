## Чат, каким им пользуются админы: меньше нажатий, ничего не теряется (issue 9).

# Мастер /add
wizard-btn-save-now = ✅ Сохранить сейчас
wizard-btn-keep = Оставить ✔️
wizard-btn-clear = Очистить 🗑
wizard-btn-change-project = 📁 Сменить проект
wizard-btn-add-anyway = ➕ Всё равно добавить
wizard-btn-add-another = ➕ Добавить ещё
wizard-pk-help = ℹ️ pk — постоянный числовой id аккаунта (имя пользователя может меняться, pk — никогда): поле «pk» или «id» в JSON профиля от скрапера или API Instagram.
wizard-exists =
    👤 <b>Уже есть в этом проекте:</b>
    { $exists_card }

    Отправьте другой pk или нажмите «Отмена».
wizard-exists-later =
    👤 <b>Этот pk уже есть в этом проекте:</b>
    { $exists_later }

    Нажмите «Сменить pk», чтобы ввести другой, или «Отмена».
wizard-btn-change-pk = ✏️ Сменить pk
wizard-clash = ⚠️ @{ $clash_username } уже есть в этом проекте с pk { $clash_pk }. Нажмите «Всё равно добавить», чтобы добавить и этот pk, или отправьте другое имя пользователя.
wizard-unfinished = У вас есть незаконченный пользователь ({ $what }). Вот он снова: продолжайте или нажмите в нём «Отмена», чтобы отказаться.
wizard-unfinished-what-pk = pk { $pk }
wizard-unfinished-what-username = @{ $username }
wizard-unfinished-what-both = pk { $pk }, @{ $username }
wizard-question-closed = Открытый вопрос о предыдущей вставке закрыт; из неё ничего не сохранено.
wizard-add-usage = /add принимает ссылку на профиль, @имя или pk (цифры), например <code>/add @acme.shop</code>; «{ $value }» — ни то, ни другое.

# Ответ на повторное нажатие
done-saved = Уже сохранено.
done-imported = Уже импортировано.
done-cancelled = Уже отменено.

# Когда никакая форма не открыта
form-closed = Если вы заполняли форму, она закрыта; отправьте /add ещё раз. Без формы можно прислать JSON профиля, ссылку на профиль или @имя; /help — всё остальное.

# Списки — не формы
btn-close = ✖️ Закрыть
list-closed = Закрыто.

# Вопрос о проекте при импорте: проект создаётся прямо здесь
import-btn-new-project = ➕ Новый проект
import-btn-back = ◀️ Назад
import-ask-new-project = Отправьте название нового проекта (не больше 255 символов). Он станет вашим текущим, и присланное попадёт в него.
import-project-created = 📁 Проект { $name } (#{ $id }) создан и стал вашим текущим.

# JSON в сообщении
import-curly-quotes-hint = 💡 В тексте «умные» кавычки (“ ” ‘ ’ « »), а JSON их не допускает: их заменила автоматическая пунктуация телефона. Отключите её (iOS: Настройки → Основные → Клавиатура → Умная пунктуация) или пришлите JSON файлом .json.

# Ответ на импорт списка
import-summary = 🎉 Прочитано { $read }: { $created ->
    [one] создан { $created }
    [few] создано { $created }
   *[many] создано { $created }
}, уже { $existed ->
    [one] был { $existed }
   *[other] было { $existed }
}, { $rejected ->
    [one] отклонён { $rejected }
   *[other] отклонено { $rejected }
}.
import-created-names = ✅ Созданы: { $names }
import-reason = • { $who }: { $reason }
import-more-rejected = … и ещё { $count ->
    [one] { $count } отклонён
   *[other] { $count } отклонено
}.
import-rejected-file = 📎 Все отклонённые записи и причины — в приложенном файле.
import-rejected-caption = Отклонённые записи и причины (CSV).
import-entry-pk = pk { $pk }
import-entry-number = запись { $index }

# A text field given only spaces
problem-text-blank = { $field }: одни пробелы; отправьте значение или нажмите «Пропустить».
