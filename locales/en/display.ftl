## Marks and formats around stored values, wherever the chat shows an account.

# A value that is not there (no full name, no project name, never added by anybody).
value-none = —
# A time, as strftime writes it, in the configured zone (%Z: its abbreviation).
datetime-format = %Y-%m-%d %H:%M %Z
# An account and its full name.
user-and-name = { $user } — { $name }
# After an account in lists: private, verified.
user-marks = { $private ->
    [true] 🔒
   *[other] {""}
}{ $verified ->
    [true] ☑️
   *[other] {""}
}
# A numbered account in a list.
user-numbered = { $number }. { $user }
# Joins the filters of a list in its header.
list-filters-separator = {" · "}
# A project's button under /projects (plain text).
project-button = ⚙ { project-label }
# A found account's button: number, @username, project (plain text).
manage-found-button = { $number }. @{ $username } · { $project }
