## Знаки и форматы вокруг сохранённых значений, где бы чат ни показывал аккаунт.

# Значения нет (нет полного имени, названия проекта, автора).
value-none = —
# Время в формате strftime, в настроенном поясе (%Z — его сокращение).
datetime-format = %Y-%m-%d %H:%M %Z
# Аккаунт и его полное имя.
user-and-name = { $user } — { $name }
# После аккаунта в списках: закрытый, подтверждённый.
user-marks = { $private ->
    [true] 🔒
   *[other] {""}
}{ $verified ->
    [true] ☑️
   *[other] {""}
}
# Аккаунт с номером в списке.
user-numbered = { $number }. { $user }
# Разделитель фильтров в заголовке списка.
list-filters-separator = {" · "}
# Кнопка проекта под /projects (простой текст).
project-button = ⚙ { project-label }
# Кнопка найденного аккаунта: номер, @имя, проект (простой текст).
manage-found-button = { $number }. @{ $username } · { $project }
