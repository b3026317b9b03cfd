## /list для больших списков: страницы, размер страницы, сортировка, фильтры. Значения,
## помеченные «escaped», приходят экранированными для HTML; остальные — числа.

list-first = ⏮ В начало
list-last = В конец ⏭
list-sort-newest = ↕ Сначала новые
list-sort-oldest = ↕ Сначала старые
list-sort = { $sort ->
    [oldest] { list-sort-oldest }
    [username] { list-sort-username }
   *[newest] { list-sort-newest }
}
list-sort-username = ↕ По имени
list-size = { $size } на странице
list-filters = 🔎 Фильтры
list-filters-on = 🔎 Фильтры ✅
list-filters-title = <b>Показывать только пользователей:</b>
list-filter-private = 🔒 закрытых
list-filter-verified = ☑️ подтверждённых
list-filter-mine = 👤 добавленных мной
list-filter-recent = 🕐 добавленных за 24 ч
list-filter-private-btn = { $private ->
    [true] ✅
   *[other] ▫️
} { list-filter-private }
list-filter-verified-btn = { $verified ->
    [true] ✅
   *[other] ▫️
} { list-filter-verified }
list-filter-mine-btn = { $mine ->
    [true] ✅
   *[other] ▫️
} { list-filter-mine }
list-filter-recent-btn = { $recent ->
    [true] ✅
   *[other] ▫️
} { list-filter-recent }
list-filter-text = 🔤 «{ $text }» в имени пользователя или полном имени
list-filter-text-btn = 🔤 Текст в имени или полном имени…
list-filters-clear = ✖ Сбросить все фильтры
list-filtered = Фильтр: { $filters }
list-no-match = Под эти фильтры никто не подходит. Измените их кнопкой 🔎 Фильтры.
list-back = ◀ Назад к списку
list-text-ask = Пришлите часть имени пользователя или полного имени (не больше { $limit } символов), регистр не важен. /cancel закрывает список.
list-text-clear = ✖ Сбросить текстовый фильтр
list-inactive = ⏸ Проект отключён: новых пользователей не принимает; список доступен для чтения.
