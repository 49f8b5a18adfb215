## The web dashboard under /admin/ (bot/web/). Short labels: a phone shows them too.

web-title = Tutor Sensus dashboard
web-skip = Skip to content
web-nav-label = Dashboard menu
web-nav-overview = Overview
web-nav-funnel = Funnel
web-nav-visits = Visits
web-nav-souvenirs = Souvenirs
web-nav-tutors = Tutors
web-nav-broadcasts = Broadcasts
web-nav-questions = Questions
web-nav-audit = Audit
web-signed-in-as = Signed in as { $who } ({ $role })
web-role-admin = admin
web-role-staff = staff
web-sign-out = Sign out
web-language = Bahasa Indonesia
web-language-switch = Switch language to Bahasa Indonesia
web-notices = Notices

## Sign-in and refusals
web-signin-title = Sign in to the dashboard
web-signin-text = This link works once and for 10 minutes. Press the button to sign in.
web-signin-button = Sign in
web-link-invalid = This sign-in link no longer works: it was used, it is older than 10 minutes, or it is not from the bot. Send /dasbor in the chat for a new link.
web-signed-out = You are not signed in, or your session ended after a while without use. Send /dasbor in the chat for a sign-in link.
web-signed-off = You are signed out. Send /dasbor in the chat to sign in again.
web-forbidden = This page is not for your role.
web-csrf = This form has expired. Reload the page and try again.
web-error = Sorry, something went wrong on this page. Nothing was lost; try again in a moment.
web-back = Back to the dashboard

## Overview
web-overview-title = Overview
web-live-note = Figures marked ● update live.
web-total-households = Households (KK) completed
web-total-persons = Persons completed
web-total-target = Target persons ({ $share })
web-total-progress = Progress (% of target)
web-total-population = { $percent } of all residents
web-total-started = Started the guide
web-today = Today
web-yesterday = Yesterday
web-vouchers-redeemed = Vouchers redeemed
web-per-kecamatan = Per kecamatan
web-col-kecamatan = Kecamatan
web-col-started = Started
web-col-households = Households
web-col-persons = Persons
web-col-target = Target
web-col-progress = Progress (% of target)
web-col-population = % of residents
web-col-assisted = Helped by tutors
web-total-row = Total
web-uncertain = * Population not certain: { $names }. Their target is an estimate.
web-charts = Charts
web-channels = Per channel
web-col-channel = Channel
web-col-people = People
web-col-opted = Opted out
web-col-blocked = Blocked the bot

## Funnel
web-funnel-title = Tutorial funnel
web-funnel-period = Period
web-funnel-from = From
web-funnel-until = Until
web-funnel-show = Show
web-funnel-started = { $count } residents started the guide in this period.
web-col-step = Step
web-col-reached = Reached
web-col-stopped = Stopped here
web-col-problems = Problems opened most
web-funnel-none = None yet.

## Visits
web-visits-title = Officer visit requests
web-filter = Filter
web-filter-all = All
web-col-desa = Desa/Kelurahan
web-col-rt-rw = RT/RW
web-col-phone = Phone
web-col-asked = Asked
web-col-state = State
web-col-changed = Changed
web-col-action = Move to
web-visits-none = No requests match this filter.
web-visit-state-baru = new
web-visit-state-dijadwalkan = scheduled
web-visit-state-dikunjungi = visited
web-visit-state-tidak-ditemui = not found
web-visit-moved = Request #{ $id } is now: { $state }.
web-visit-stale = Request #{ $id } was changed by someone else. See its state now.
web-export = Download this list
web-visit-counts = New { $baru } · scheduled { $dijadwalkan } · visited { $dikunjungi } · not found { $tidak }

## Souvenirs
web-souvenirs-title = Souvenirs
web-stock = Stock
web-col-souvenir = Souvenir
web-col-left = Left
web-col-total = Total
web-col-day = Day
web-col-issued = Issued
web-col-redeemed = Redeemed
web-redeem-title = Redeem a voucher
web-redeem-code = Voucher code
web-redeem-hint = For example K7QM-4TXR-9WBF (12 letters and digits). Type it, or scan the QR with the camera.
web-redeem-check = Check
web-redeem-scan = Scan QR
web-redeem-scan-stop = Stop scanning
web-redeem-no-camera = This browser has no camera or QR scanner. Type the code.
web-redeem-details = Voucher { $code }
web-redeem-kk = KK
web-redeem-persons = Persons
web-redeem-kecamatan = Kecamatan
web-redeem-status-open = Not redeemed. Compare the KK on the card with the digits above.
web-redeem-status-redeemed = Redeemed { $at } by { $by }. Do not hand over another souvenir.
web-redeem-status-expired = This voucher ended on { $day }.
web-redeem-confirm = Yes, hand over the souvenir
web-vouchers-days = Per day (last 14 days)
web-vouchers-none = No vouchers yet.

## Tutors
web-tutors-title = Tutors and OPD
web-opd-board = OPD leaderboard
web-tutor-board = Tutor leaderboard
web-events = Events
web-col-rank = No.
web-col-opd = OPD
web-col-name = Name
web-col-tutors = ASN registered
web-col-reached-people = Residents reached
web-col-code = Code
web-col-links = Links
web-col-poster = Poster
web-poster-download = { $channel } poster
web-none-yet = None yet.

## Broadcasts
web-broadcasts-title = Broadcasts
web-bc-current = Broadcast #{ $id }
web-bc-status-running = running
web-bc-status-paused = paused
web-bc-status-done = done
web-bc-status-cancelled = cancelled
web-bc-progress = Sent { $sent } of { $total } · failed { $failed } · blocked { $blocked } · skipped { $skipped }
web-bc-pause = Pause
web-bc-resume = Resume
web-bc-cancel = Cancel
web-bc-compose = Write a broadcast
web-bc-ready = Ready message
web-bc-own = Write your own
web-bc-text = Broadcast text (at most { $max } characters)
web-bc-segment = Recipients
web-bc-kecamatan = Kecamatan
web-bc-days = Inactive for this many days (1–{ $max })
web-bc-preview = Preview
web-bc-preview-title = Preview
web-bc-send = Send the broadcast
web-bc-segment-invalid = Choose the recipients: for "inactive", give 1–{ $max } days; for a kecamatan, choose which one.
web-bc-cancel-title = Cancel broadcast #{ $id }?
web-bc-cancel-text = { $left } recipients have not been sent it yet and will not get it.
web-bc-cancel-yes = Yes, cancel
web-bc-cancel-no = No, go back

## Questions
web-questions-title = Residents' questions
web-questions-none = No questions waiting.
web-question = Question #{ $id }
web-question-from = { $channel }, { $at }
web-question-claimed-by = Being answered by { $who }
web-question-claim = Take it to answer
web-question-claimed = You took question #{ $id }. Write the answer below it.
web-answer = Answer
web-answer-start = Start from a FAQ answer
web-answer-start-none = (write your own)
web-answer-send = Send the answer
web-answer-empty = Write the answer first (at most { $max } characters).

## Audit
web-audit-title = Audit log
web-audit-kind = Action
web-audit-who = By (channel:id)
web-audit-day = Date
web-col-when = When
web-col-who = By
web-col-what = Action
web-col-detail = Detail
web-audit-none = No entries match this filter.
