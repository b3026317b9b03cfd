## Why a dialog refused the last answer, shown above its question (one line each).

dialog-problem = ❌ { $reason }
problem-send-text = Please send the value as a text message, or use the buttons.
problem-use-buttons = Please use the buttons under this message.
problem-not-profile-link = This link does not lead to a profile. Send a profile link like https://instagram.com/acme.shop, an @handle, or the username.
problem-project-name-empty = The name is empty: send the project's name as text.
problem-project-name-too-long = The name has { $length } characters; at most { $limit } are allowed. Send a shorter name.
problem-text-filter = That is empty or longer than { $limit } characters.
problem-internal-error = { internal-error }

## A project as buttons and forms name it (plain text: the name is escaped or clipped by the caller).
project-label = { $name } (#{ $id })
project-label-current = { projects-current-mark } { project-label }
