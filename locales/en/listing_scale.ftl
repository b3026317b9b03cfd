## /list at scale: paging, page size, sort, filters. Values marked "escaped" arrive
## HTML-escaped; the rest are numbers.

list-first = ⏮ First
list-last = Last ⏭
list-sort-newest = ↕ Newest first
list-sort-oldest = ↕ Oldest first
list-sort = { $sort ->
    [oldest] { list-sort-oldest }
    [username] { list-sort-username }
   *[newest] { list-sort-newest }
}
list-sort-username = ↕ By username
list-size = { $size } per page
list-filters = 🔎 Filters
list-filters-on = 🔎 Filters ✅
list-filters-title = <b>Show only users who are:</b>
list-filter-private = 🔒 private
list-filter-verified = ☑️ verified
list-filter-mine = 👤 added by me
list-filter-recent = 🕐 added in the last 24 h
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
list-filter-text = 🔤 “{ $text }” in the username or full name
list-filter-text-btn = 🔤 Text in the username or full name…
list-filters-clear = ✖ Clear all filters
list-filtered = Filtered: { $filters }
list-no-match = No users match these filters. Change them with 🔎 Filters.
list-back = ◀ Back to the list
list-text-ask = Send part of a username or full name (at most { $limit } characters), any case. /cancel closes the list.
list-text-clear = ✖ Clear the text filter
list-inactive = ⏸ Inactive project: it takes no new users; its list stays readable.
