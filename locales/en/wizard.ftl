## The /add wizard: one user, step by step.

wizard-no-projects = There are no active projects yet, so there is nowhere to add a user. Create one with /newproject NAME, then send /add again.
wizard-title = ➕ <b>New Instagram user</b> — step { $step } of { $steps }
wizard-project-line = Project: { $project }
wizard-current = Now: { $current }

wizard-ask-project = Choose the project to add the user to. It also becomes your current project.
wizard-ask-pk = Send the account's numeric id (pk), like <code>1234567890</code>.
wizard-ask-username = Send the username, like <code>acme.shop</code>. An @handle or a profile link (https://instagram.com/acme.shop) works too.
wizard-ask-full-name = Send the full name (at most 255 characters), or press Skip.
wizard-ask-flags = Is the account private? Is it verified? Tap a button to switch it, then press Next.
wizard-ask-profile-pic-url = Send the profile picture URL (starting with http:// or https://), or press Skip.
wizard-ask-secondary-label = Send the secondary label (the line under the name in similar accounts, at most 255 characters), or press Skip.
wizard-ask-social-context = Send the social context, like "Followed by acme.shop + 3 more" (at most 255 characters), or press Skip.

wizard-summary-title = 📋 <b>New Instagram user</b> — check before saving
wizard-summary =
    Project: { $s_project }
    pk: <code>{ $s_pk }</code>
    Username: @{ $s_username }
    Full name: { $s_full_name }
    Private: { $s_private ->
        [true] { yes }
       *[other] { no }
    }
    Verified: { $s_verified ->
        [true] { yes }
       *[other] { no }
    }
    Profile picture: { $s_profile_pic_url }
    Secondary label: { $s_secondary_label }
    Social context: { $s_social_context }
wizard-summary-hint = Press Save to add the user, or ✏️ to change a field.
wizard-cancelled = ✖️ Cancelled. Nothing was saved.

wizard-btn-back = ◀️ Back
wizard-btn-cancel = ✖️ Cancel
wizard-btn-skip = Skip ⏭
wizard-btn-next = Next ▶️
wizard-btn-save = ✅ Save
wizard-btn-private = { $is_private ->
        [true] ✅
       *[other] ⬜
    } Private
wizard-btn-verified = { $is_verified ->
        [true] ✅
       *[other] ⬜
    } Verified

wizard-edit-project = ✏️ Project
wizard-edit-pk = ✏️ pk
wizard-edit-username = ✏️ Username
wizard-edit-full-name = ✏️ Full name
wizard-edit-flags = ✏️ Private, verified
wizard-edit-profile-pic-url = ✏️ Picture URL
wizard-edit-secondary-label = ✏️ Secondary label
wizard-edit-social-context = ✏️ Social context
