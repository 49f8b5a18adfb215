# Tutor Sensus: the bot's own messages, in English.

## Welcome and menu
welcome =
    Welcome! 👋
    { $online ->
        [closed] I am Tutor Sensus. I answer questions about { $campaign } and keep its guide for reference.
       *[other] I am Tutor Sensus. I help you fill in { $campaign } at { $site }, step by step.
    }
welcome-back = Welcome back. Good to see you again.
greet-back-religious = Peace be upon you too.
greet-back-time = Good { $part ->
        [pagi] morning
        [siang] afternoon
        [sore] afternoon
       *[malam] evening
    }.
menu-prompt = Please choose:
# The days left, for the phase notes (phase-<id>) and reminders: never "0 days left".
deadline-days =
    { $days_left ->
        [0] Today is the last day (until 23:59 { $tz }).
        [1] Tomorrow is the last day (until 23:59 { $tz }).
       *[other] { $days_left } days left.
    }{ $close_sure ->
        [no] {" "}This is the schedule as it stands; watch the official announcements at { $site }.
       *[yes] {""}
    }
# What happens to households that did not fill in online, in the field stage's tense.
field-visit =
    { $field ->
        [over] Census officers visited the households that had not filled in online during { $field_stage } ({ $field_stage_period }). Households not yet recorded can contact the { $office }.
        [running] Census officers are now visiting the households that have not filled in online: { $field_stage } ({ $field_stage_period }).
       *[ahead] { $field_sure ->
            [no] Households that do not fill in online will be visited by census officers after the online form closes. BPS will announce when.
           *[yes] Households that do not fill in online will be visited by census officers during { $field_stage } ({ $field_stage_period }).
        }
    }
menu-start =
    { $online ->
        [closed] See the guide (archive)
       *[other] Start the guide
    }
menu-restart = Restart the guide
menu-resume = ▶️ Continue step { $step }
menu-checklist = Documents checklist
menu-faq = Common questions
menu-help = Help and contacts
menu-language = Change language

## Navigation buttons
nav-next = Next ›
nav-back = ‹ Back
nav-problems = Problem with this step
nav-menu = Menu
nav-skip = Skip
nav-more = More ›
nav-previous = ‹ Previous
nav-back-to-step = ‹ Back to step { $n }
nav-other-problems = Other problems
nav-other-questions = ‹ Other questions

## Tutorial
step-header =
    { $online ->
        [closed] Guide for reference · step { $n } of { $total }
       *[other] Step { $n } of { $total }
    }
ask-kecamatan =
    Before we start: which kecamatan (district) do you live in?
    This helps us see which areas need help. You may skip it.
kecamatan-saved = Thank you. Kecamatan { $name } is saved.
kecamatan-unknown = Sorry, that kecamatan is not in the list. { $hint }Please choose from the list, or press "Skip".
kecamatan-unknown-hint = Did you mean { $name }?{" "}
problems-prompt = What problem do you have at step { $n }?
tutorial-done =
    ✅ You have reached the end of the guide.
    { $online ->
        [closed] { $campaign } closed on { $close_date }; this guide is for reference only.
       *[other] Thank you for taking part in the census. Your family's data helps build our region.
    }

## Document checklist
checklist-title = 📄 Documents for filling in: { $ticked } of { $total } at hand.
checklist-prompt = Press each document you already have. The first { $required } are needed, the others only if you have them.
checklist-ready = The needed documents are ready. You can start filling in.

## Common questions
faq-prompt = Choose a topic:

## Help, language
help-text =
    How to use Tutor Sensus:
    • Press a button, or type the number of the option.
    • /menu goes back to the main menu.
    • /batal cancels the current question.
    • /bahasa changes the language.

    Need help from staff?
    { $channels }
language-prompt = Choose a language:
language-changed = The language is now English.

## When something is not as expected
command-unknown = Sorry, I do not know that command. Please choose from the menu.
cancelled = OK, cancelled. Your progress is kept.
button-stale = That button is from an earlier message. This is where you are now:
number-out-of-range = There is no such number. Please type a number from 1 to { $count }, or press a button.
number-not-on-page = That number is not on this page. Please type one of the numbers shown, or press a button.
empty-text = Your message is empty. Please type again, or press a button.
text-too-long = Your message is very long. Please write briefly, or press a button.
media-not-understood =
    Sorry, I cannot read { $kind ->
        [photo] photos
        [document] documents
        [sticker] stickers
        [voice] voice messages
        [audio] audio
        [video] videos
        [location] locations
       *[other] that kind of message
    } here. Please type, or press a button.
group-private-only =
    Hello! I only help in private chats, to keep your data safe.
    Please chat with me here: { $link }
# The console (`tutor-sensus chat --user ID`): messages that came while this person was away.
console-inbox = 📥 { $count } { $count ->
        [one] message
       *[other] messages
    } arrived while you were away:
error-apology = Sorry, something went wrong while handling your message. Please try again shortly.

## Free-text questions (the matcher's answer, or a person)
not-understood =
    Sorry, I did not understand your message.
    Please choose a button below, or ask a staff member.
ask-helpful = Did this answer your question?
ask-yes = Yes, thank you
ask-no = Not really
ask-thanks = You are welcome. Glad to help. 🙏
## Intents: free text that leads to an action (conversations/intents.py)
intent-closing = You are welcome. Good luck with the census. 🙏
intent-selesai = Finished filling in? Report it here so your household is recorded and gets a souvenir code.
intent-kunjungan = Would you like a census officer to visit? Request a visit here.
intent-voucher-none = You have no souvenir code yet. You get one after reporting that you finished filling in.
intent-jadi_petugas =
    Sorry, this bot cannot register census officers.
    Field officers' recruitment is announced by BPS. Ask { $office } or these contacts:
    { $channels }
ask-unsure =
    Sorry, I did not understand your question.
    Did you mean one of these topics? Or ask a staff member.
ask-not-helpful =
    Sorry, that answer did not fit.
    Try another topic below, or ask a staff member.
ask-not-helpful-none =
    Sorry, that answer did not fit.
    Please ask a staff member.
# Under the "did not understand" texts when no staff chat is set (TUTOR_SENSUS_HANDOFF_CHAT):
# the contacts instead of an "Ask a staff member" button that nobody would read.
ask-contacts =
    Contact the staff:
    { $channels }
ask-staff = Ask a staff member
ask-write = Please write your question for the staff in one message.
ask-confirm =
    Send this question to the staff?

    “{ $question }”

    Please do not write your NIK, KK number or password.
ask-send = Send to staff
ask-rewrite = Write it again
ask-cancel = Cancel
ask-media-offer = You can also ask a staff member directly.
handoff-sent-open =
    ✅ Your question has been passed to the staff.
    The answer will come in this chat. Staff answer during office hours ({ $hours }).
handoff-sent-closed =
    ✅ Your question has been passed to the staff.
    It is outside office hours now ({ $hours }). The answer will come in this chat during the next office hours.
handoff-unavailable =
    Sorry, the staff cannot be reached through this chat yet.
    Please contact:
    { $channels }
handoff-answer =
    💬 The staff's answer to your question:
    “{ $question }”

    { $answer }

## Staff chat: the question queue
channel-telegram = Telegram
channel-whatsapp = WhatsApp
channel-console = console
handoff-new =
    ❓ Resident's question #{ $id } ({ $where }):
    “{ $question }”
    Press "Answer #{ $id }", reply to this message with your answer, or type /balas { $id } and your answer.
handoff-claim = Answer #{ $id }
handoff-queue = Questions waiting for an answer: { $count }
handoff-queue-item = #{ $id } · { $at }{ $status } · { $preview }
handoff-status-claimed = {" "}· being answered
handoff-queue-empty = ✅ No questions are waiting.
handoff-write-answer =
    You are answering question #{ $id }:
    “{ $question }”

    Write your answer in one message, or reply to this message.
handoff-back-to-queue = ‹ Queue
handoff-answered = ✅ The answer to #{ $id } was sent to the resident.
handoff-taken = Question #{ $id } is being answered by another staff member.
handoff-already-answered = Question #{ $id } has already been answered.
handoff-not-found = Question #{ $id } was not found.
handoff-usage = How to reply: /balas NUMBER answer. Example: /balas 12 Please try another family member's NIK.
dashboard-link =
    🔗 Your dashboard sign-in link (works once, for { $minutes } minutes, only for you):
    { $link }
    Do not forward this link to anyone.

## Finished filling in, souvenir vouchers (conversations/households/completion.py, vouchers.py)
menu-done = ✅ I have finished
menu-my-voucher = 🎁 My voucher
menu-visit = Ask for an officer visit
done-cancel = Cancel
done-not-open =
    { $campaign } is not open yet. It opens on { $open_date }.
    Once you have filled it in, report it here to get a souvenir voucher.
    Shall I remind you on that day?
done-closed =
    🙏 Thank you for taking part in the census!
    { $campaign } closed on { $close_date } at 23:59 { $tz }.
    Completions were taken only until { $completions_until }, so souvenir vouchers can no longer be given.
    What you sent to BPS is still recorded.
done-ask-kk =
    Thank you for filling in the census!
    Type your family card (KK) number: 16 digits, at the top of the card.
    We do not keep the number, only a random code made from it.
done-kk-too-short =
    You typed { $count } digits. A KK number has 16 digits.
    Its shape: 3325 xxxx xxxx xxxx. Please try again.
done-kk-too-long =
    You typed { $count } digits. A KK number has 16 digits only.
    Please try again.
done-kk-several = Please type one KK number only (16 digits).
done-kk-not-digits =
    A KK number has digits only, 16 of them.
    Its shape: 3325 xxxx xxxx xxxx. Please try again.
done-kk-check =
    The number you typed: { $mask }
    Please make sure this is the KK number at the top of the family card, not a NIK.
done-kk-looks-like-nik = ⚠️ This looks like a NIK (it contains a birth date). Please check again.
done-kk-yes = Yes, it is the KK
done-kk-retype = Type it again
done-ask-persons =
    How many family members did you fill in?
    Type the number, for example 4 (at most { $max }).
done-persons-not-number = Please type a number only, for example 4.
done-persons-range = It is between 1 and { $max } persons. Please try again.
done-ask-kecamatan = Which kecamatan does your family live in?
done-kecamatan-pick = Please pick a kecamatan from the list, or type its number.
done-ask-proof =
    Send a photo, screenshot or PDF of the proof of filling in.
    Do not have it? Press "Skip".
done-proof-skip = Skip
done-proof-wrong-kind = Please send a photo or a PDF of the proof, or press "Skip".
done-proof-too-big = The file is too large (over { $mb } MB). Please send a screenshot instead.
done-proof-received = 📄 We received your proof of filling in.
done-proof-skipped = Fine, without proof. Staff may ask to see it when you collect the souvenir.
done-outside-region = outside { $region }
done-proof-yes = yes
done-proof-no = no
done-confirm =
    Please check:
    • KK number: { $mask }
    • Family members: { $persons }
    • Kecamatan: { $kecamatan }
    • Proof of filling in: { $proof }
    Is this right?
done-save = Yes, save
done-restart = Start again
done-saved = ✅ Thank you! Your family is recorded as finished.
done-no-voucher-outside = Souvenirs are only for families with a KK from { $region }. Thank you for taking part!
done-no-voucher-stock = Sorry, the souvenirs have run out. Your family is still recorded. Thank you!
done-no-voucher-window = The time for exchanging souvenir vouchers is over, so there are no more vouchers. Your family is still recorded. Thank you!
done-after = Can I help with anything else?
done-already-mine = You reported this family before.
done-already-mine-no-voucher = This family did not receive a souvenir voucher.
done-already-other = A family with this KK number was already recorded on { $day }. Thank you!
done-already-other-next =
    Usually another family member reported it. Was it not your family? Please contact:
    { $channels }
done-capped =
    { $n } families have been reported from this account, the limit for one account.
    Other families can report from their own phones.
voucher-text =
    🎁 Your souvenir voucher code: { $code }
    Souvenir: { $souvenir }
voucher-where = Redeem it at { $place }, { $hours }.
voucher-until =
    { $start ->
        [none] Exchange it by { $day } at the latest.
       *[other] Exchange it from { $start } until { $day }.
    }
voucher-show = Show this code or QR image to the staff.
voucher-redeemed-at = ✅ Redeemed on { $at } at { $place }.
voucher-redeemed-at-nowhere = ✅ Redeemed on { $at }.
voucher-place-unknown = the redemption desk
voucher-expired = This voucher expired on { $day }.
# "My voucher" in the menu (conversations/my_voucher.py)
my-voucher-pick = Which voucher would you like to see?
my-voucher-item = { $code } (KK { $mask })
# To the resident, when staff redeem their voucher (conversations/redeem.py)
voucher-redeemed-notice =
    ✅ Voucher { $code } was redeemed on { $at } at { $place }.
    Thank you for taking part in { $campaign }!
    Not you? Please contact { $office }.

## Voucher redemption by staff (conversations/households/redeem.py)
redeem-ask = Type the voucher code (its shape: K7QM-4TXR-9ABF).
redeem-code-shape =
    That is not the shape of a code. A voucher code has 12 letters and digits,
    for example K7QM-4TXR-9ABF. Please type it again.
redeem-code-typo = Wrong code: a character is mistyped. Check the code again, one by one.
redeem-not-found = Code { $code } was not found.
redeem-details =
    Voucher { $code }
    • Souvenir: { $souvenir }
    • KK number: { $mask }
    • Family members: { $persons }
    • Kecamatan: { $kecamatan }
redeem-status-open = ✅ Not redeemed yet. It can be redeemed now.
redeem-status-redeemed = ⚠️ Already redeemed on { $at } by { $by }.
redeem-status-expired = ⚠️ It expired ({ $day }).
redeem-status-not-yet = ⚠️ Not yet: exchanges start on { $day }.
redeem-proof-attached = Proof of filling in: attached above.
redeem-proof-at-channel = Proof of filling in: sent, but not downloaded yet.
redeem-proof-none = Proof of filling in: not sent. You may ask to see it.
redeem-proof-caption = Proof of filling in for KK { $mask }
redeem-confirm = ✅ Redeem now
redeem-check-kk = Check the KK number
redeem-another = Another code
redeem-done = ✅ Voucher { $code } is redeemed. Please hand over the souvenir.
redeem-just-redeemed = ⚠️ Voucher { $code } was just redeemed. Do not hand over another souvenir.
redeem-ask-kk = Type the KK number from the family card the resident shows.
redeem-back = ‹ Back
redeem-kk-match = ✅ The KK number matches the one reported.
redeem-kk-differs = ❌ The KK number does not match the one reported.

## Officer visit (conversations/resident/visit.py)
visit-cancel = Cancel
visit-consent =
    { field-visit }
    So the officers know, we will note your village, RT/RW and phone number.
    Only BPS uses it, and you can delete it with /hapus_data.
    Do you agree?
visit-over =
    { field-visit }
    That stage is over, so visit requests are no longer taken. Contacts:
    { $channels }
visit-agree = Yes, I agree
visit-ask-kecamatan = Which kecamatan is your home in?
visit-ask-desa = Type the name of your village (desa or kelurahan).
visit-desa-invalid = Please type the name of your village, for example: Kalisari.
visit-ask-rt-rw = Type your RT and RW, for example: 003/005.
visit-rt-rw-invalid = Please type RT and RW as numbers, for example: 003/005.
visit-ask-contact = Type a phone number we can reach, for example: 0812 3456 7890.
visit-contact-invalid = That phone number does not look right. Type a number starting with 08 or +62.
visit-confirm =
    Please check:
    • Kecamatan: { $kecamatan }
    • Village: { $desa }
    • RT/RW: { $rt_rw }
    • Phone: { $contact }
    Is this right?
visit-save = Yes, send
visit-again = Change
visit-saved =
    ✅ Thank you, your request is noted for BPS.
    { field-visit }
    Real officers carry a BPS identity card. Never give your password to anyone.

visit-scheduled =
    📅 News from BPS: your visit request ({ $desa }, RT/RW { $rt_rw }) is scheduled.
    An officer will come. Real officers carry a BPS identity card.
## Privacy (conversations/resident/privacy.py)
privacy-info =
    What we keep about you:
    • your language, kecamatan and last tutorial step;
    • questions you sent to staff;
    • if you reported finishing: family size, kecamatan, proof of filling in,
      and a random code made from the KK number (not the number itself);
    • if you asked for a visit: village, RT/RW and phone number;
    • if you registered as a tutor (civil servant): NIP, name, OPD and kecamatan;
    • the tutor's or event's code that invited you, if any.
    Why: to help you fill in the census and to count progress per kecamatan.
    Delete your data with /hapus_data.
privacy-delete-button = Delete my data
privacy-delete-confirm =
    Delete all your data?
    What stays: anonymous statistics, and the random code of the KK number
    as the sign that your family already received a voucher.
    Note your voucher code first: after deletion it cannot be shown again.
privacy-delete-yes = Yes, delete
privacy-delete-no = Cancel
privacy-deleted = ✅ Your data has been deleted. Type /start to use this bot again.
menu-privacy = Privacy and your data
menu-redeem = Redeem a voucher (staff)

## Tutor Sensus for civil servants (conversations/tutors/tutor.py, tutor_admin.py, attribution.py)
menu-tutor = Tutor Sensus (ASN only)
tutor-cancel = Cancel
tutor-closed = Tutor registration is not open yet. Please ask a Tutor Sensus admin.
tutor-ask-code =
    👩‍🏫 Register as a Tutor Sensus (civil servants only)
    Tutors get a personal link and QR poster to invite residents to fill in { $campaign }.
    Type the tutor registration code shared by the admins.
tutor-code-wrong = That code does not match. Please check the code from the admins and type it again.
tutor-code-locked =
    The code did not match several times today.
    Please try again tomorrow, or ask the admins for the code.
tutor-code-ok = ✅ The code matches.
tutor-ask-nip =
    Type your NIP: 18 digits, spaces are fine.
    It looks like this: 19800101 200501 1 001
tutor-nip-not-digits =
    A NIP has digits only, 18 of them.
    It looks like this: 19800101 200501 1 001. Please type it again.
tutor-nip-length =
    { $count ->
        [18] Sorry, I could not read your NIP. Please type it once more.
       *[other] You typed { $count } digits. A NIP has 18.
    }
    It looks like this: 19800101 200501 1 001. Please check it again.
tutor-nip-birth-date =
    The first 8 digits of a NIP ({ $part }) are the date of birth: year, month, day.
    That date is not in the calendar. Please check it again.
tutor-nip-birth-year =
    The first 8 digits of a NIP ({ $part }) are the date of birth: { $born }.
    Civil servants were born between 1940 and { $latest }, so this does not fit. Please check it again.
tutor-nip-appointment =
    Digits 9 to 14 of a NIP ({ $part }) are the year and month of appointment.
    The month must be 01 to 12. Please check it again.
tutor-nip-appointment-future =
    Digits 9 to 14 of a NIP ({ $part }) are the year and month of appointment.
    That month has not come yet. Please check it again.
tutor-nip-appointment-young =
    This NIP says you were born on { $born } and appointed in { $appointed } (aged { $age }).
    Digits 9 to 14 ({ $part }) are the year and month of appointment. Are two digits swapped?
tutor-nip-sex =
    Digit 15 of a NIP is the sex: 1 or 2.
    In this NIP it is { $part }. Please check it again.
tutor-nip-serial = The last three digits of a NIP are a serial number and cannot be 000. Please check it again.
tutor-link-ask =
    This NIP is already registered as a tutor through { $channels }.
    Is that you, with another account?
tutor-link-yes = Yes, that is me
tutor-link-no = Not me
tutor-link-not-me =
    One NIP is one tutor. Please check your NIP again.
    If someone else uses your NIP, contact the admins.
tutor-link-ask-name = To join the accounts, type your full name exactly as you registered it.
tutor-link-name-wrong = That name does not match the registration of this NIP. Please type it again.
tutor-link-notice =
    ℹ️ A { $channel } account is now also linked to you as a tutor.
    Not you? Contact the admins right away.
tutor-linked = ✅ This account has joined. Your code, links and figures are the same on every account.
tutor-ask-name = Type your full name (titles are fine), for example: Siti Aminah, S.Pd.
tutor-name-invalid = Please type your full name in letters only (dots and commas for titles are fine).
tutor-ask-opd = Which OPD (work unit) do you work in? Pick from the list, or type its name.
tutor-opd-other-label = Not in the list
tutor-opd-pick = Please pick your OPD from the list. Not there? Pick "Not in the list".
tutor-ask-opd-other = Type the name of your OPD or work unit.
tutor-opd-other-invalid = Please type the OPD's name in letters and digits, at most 80 characters.
tutor-ask-kecamatan = Which kecamatan do you live in? You may skip this.
tutor-confirm =
    Please check:
    • NIP: { $nip }
    • Name: { $name }
    • OPD: { $opd }
    • Kecamatan: { $kecamatan }
    Is this right?
tutor-save = Yes, register me
tutor-again = Start again
tutor-registered = ✅ Welcome, you are registered as a Tutor Sensus! Your tutor code: { $code }
tutor-home =
    👩‍🏫 Tutor Sensus menu
    { $name } · { $opd }
    Your tutor code: { $code }
tutor-home-own-first =
    First step: fill in your own household at { $site },
    then report it here. After that, invite residents.
tutor-home-own-done = Your own household is recorded. Now invite residents and help your neighbours.
tutor-own = Report my household
tutor-share = Share my link
tutor-poster = QR poster
tutor-assist = I am helping a family
tutor-stats = My figures
tutor-home-button = Tutor menu
tutor-not-registered = This is for Tutor Sensus (civil servants) only. You are not registered as a tutor.
tutor-register = Register as a tutor
tutor-revoked = The tutor registration of this NIP or account was revoked by the admins. If this is a mistake, please contact them.
tutor-assisted-capped =
    Today you recorded { $n } families you helped; the daily limit is { $max }.
    Thank you very much! Please go on tomorrow.
tutor-stats-text =
    📊 Your figures
    • Your own household: { $own }
    • Residents who came with your code: { $reached }
    • Who started the guide: { $started }
    • Families that finished: { $households } ({ $persons } people)
    • Of these, helped directly by you: { $assisted } families
    Your rank in { $opd }: { $rank } of { $total } tutors.
tutor-stats-own-yes = done
tutor-stats-own-no = not yet

## Sharing a code: links, invitation, poster
ref-wa-prefill-tutor = Hello Tutor Sensus, please guide me through the census. Tutor code { $code }
ref-wa-prefill-acara = Hello Tutor Sensus, please guide me through the census. Event code { $code }
ref-link-telegram = • On Telegram: { $link }
ref-link-whatsapp = • On WhatsApp: { $link }
ref-link-none = • Code: { $code }
ref-invite-tutor =
    { $online ->
        [closed] Dear all, { $campaign } has closed. Tutor Sensus still answers questions about the census.
        [before] Dear all, { $campaign } opens on { $open_date }, until { $until }. Let us get the documents ready!
       *[open] Dear all, let us fill in { $campaign } by { $until } at the latest!
    }
    Not sure how? Tutor Sensus guides you step by step, for free:
    { $links }
    The only official site is { $site }. BPS never asks for money.
    Regards, { $signed } (Tutor Sensus)
ref-invite-acara =
    { $online ->
        [closed] Dear all, { $campaign } has closed. Tutor Sensus still answers questions about the census.
        [before] Dear all, { $campaign } opens on { $open_date }, until { $until }. Let us get the documents ready!
       *[open] Dear all, let us fill in { $campaign } by { $until } at the latest!
    }
    Join { $signed } and fill it in together, guided by Tutor Sensus:
    { $links }
    The only official site is { $site }. BPS never asks for money.
tutor-shared =
    ☝️ Forward the message above to residents', RT or family WhatsApp groups.
    Residents who come through your link count for you (code { $code }).
tutor-shared-no-links =
    The Telegram and WhatsApp links are not set up on this bot yet.
    Residents can still type "tutor code { $code }" when chatting with Tutor Sensus.
event-shared =
    ☝️ Forward the message above, or print the poster.
    Residents who come through this link count for the event (code { $code }).
ref-poster-cta = Fill in { $campaign }! Scan this QR code to be guided.
ref-poster-name = Tutor Sensus: { $name }
ref-poster-event = { $event }
ref-poster-footer-tutor = On { $channel } · tutor code { $code } · the only official site is { $site }
ref-poster-footer-acara = On { $channel } · event code { $code } · the only official site is { $site }
ref-poster-caption = 🖨️ QR poster for { $channel }. Print it and put it up where people pass.
ref-poster-file = 📄 The poster as a file for printing (full quality).
ref-poster-no-links = A poster needs the Telegram or WhatsApp link, and neither is set up. Please contact the admins.
ref-poster-which = A poster for which link?
ref-poster-telegram = Telegram poster
ref-poster-whatsapp = WhatsApp poster

## Residents who come with a tutor's or an event's code
ref-code-empty = It looks like you want to type a tutor code. Type "tutor code" and then the code, for example: tutor code K7QM4T
ref-link-too-long =
    Sorry, the link you opened is too long, so its code cannot be read.
    Ask your tutor for a new link, or type: tutor code and then the code.
ref-link-broken =
    Sorry, the code in that link is broken.
    Ask your tutor for a new link, or type: tutor code and then the code.
ref-code-look-alike = Tutor codes never contain the letters O, I, L or the digits 0 and 1. Please check the code again.
ref-code-shape = A tutor code has 6 letters and digits, for example K7QM4T. Please check it again.
ref-code-unknown =
    We could not find the code { $code }. Please check it again.
    You can still use Tutor Sensus as usual.
ref-code-inactive =
    The code { $code } is no longer valid.
    You can still use Tutor Sensus as usual.
ref-self = This is your own tutor code. Share it with residents: those who come with it count for you.
ref-tutor-not-counted = You are registered as a tutor, so other tutors' codes are not recorded for you. Thank you for inviting residents too!
ref-thanks-tutor = ✅ Thank you! You came through a Tutor Sensus invitation (code { $code }).
ref-thanks-event = ✅ Thank you! You are recorded as taking part in "{ $event }".
ref-already-same = This code is already recorded for you. Thank you!
ref-already-other = You are already recorded through an earlier invitation, so this code changes nothing. Thank you!

## I am helping a family (completion.py with "assisted")
tutor-assisted-ask-kk =
    Record a family you helped fill in (one without a phone).
    Type their Family Card (KK) number: 16 digits, at the top of the Kartu Keluarga.
    We do not keep the number, only a random code made from it.
tutor-assisted-ask-kecamatan = Which kecamatan does that family live in?
tutor-assisted-confirm = A family you helped (recorded as a tutor's help):
tutor-assisted-saved = ✅ Thank you! This family is recorded as finished, with your help.
tutor-assisted-no-voucher = Families helped by a tutor get no souvenir voucher in this census.
tutor-assisted-voucher = Please give the voucher code below to that family.
tutor-assist-next = Help another family

## Admins: tutors and events (conversations/tutors/tutor_admin.py)
tutor-list-empty = No tutor has registered yet.
tutor-list-header = 👥 Registered tutors: { $count } ({ $active } active), most helpful first:
tutor-list-line = { $rank }. { $name } · NIP { $nip } · { $opd } · code { $code } · { $status } · own household { $own } · helped { $households } (directly { $assisted })
tutor-list-more = …and { $count } more tutors. All of them are in the CSV file.
tutor-list-file = 📄 All tutors (CSV), with names and NIP. Keep it safe.
tutor-opd-file = 📄 Leaderboard per OPD (CSV).
tutor-status-active = active
tutor-status-revoked = revoked
tutor-status-deleted = deleted
tutor-revoke-usage = To revoke a tutor: /tutor_cabut NIP or /tutor_cabut CODE. Example: /tutor_cabut K7QM4T
tutor-revoke-not-found = No tutor with the NIP or code "{ $what }".
tutor-revoke-already = The tutor { $name } was already revoked.
tutor-revoke-confirm =
    Revoke this tutor?
    • { $name }
    • NIP { $nip }
    • { $opd }
    The code { $code } stops working. Residents already recorded still count.
tutor-revoke-yes = Yes, revoke
tutor-revoked-notice = Your registration as a Tutor Sensus was revoked by the admins. If this is a mistake, please contact them.
tutor-revoke-done = ✅ The tutor { $name } is revoked.
tutor-code-current = The tutor registration code is now: { $code }. Change it with /tutor_kode NEW_CODE
tutor-code-none = There is no tutor registration code, so registration is closed. Set one with /tutor_kode NEW_CODE
tutor-code-invalid = A registration code has 4 to 64 letters, digits, "-" or "_", no spaces. Example: /tutor_kode ASN-BATANG-2020
tutor-code-changed =
    ✅ The tutor registration code is now: { $code }.
    The old code no longer works; registered tutors stay active.
event-usage = To create an event: /acara_baru EVENT NAME. Example: /acara_baru Filling in together at the Pendopo
event-created = ✅ The event "{ $name }" is created. Event code: { $code }
event-list-empty = No events yet. Create one with /acara_baru EVENT NAME.
event-list-header = 📅 Events: { $count }. Their links and poster: /acara CODE
event-list-line = • { $name } · code { $code } · residents { $reached } · families finished { $households } ({ $persons } people)

## Stop receiving reminders (conversations/resident/optout.py)
optout-confirm =
    Stop receiving reminders?
    You will get no more reminders or broadcast messages.
    Replies to your own messages still come.
optout-yes = Yes, stop
optout-no = No
optout-done = ✅ Done: you will get no more reminders or broadcast messages.
optout-how-back = Want reminders again? Type MULAI at any time.
optout-already = You have already stopped receiving reminders.
optout-kept = All right, reminders stay on.
optin-done = ✅ Thank you! You will receive reminders again.
optin-already = You already receive reminders. Type BERHENTI if you do not want them.

## Broadcasts and reminders for residents (bot/services/bulk.py)
bc-ready-deadline =
    ⏰ { $days ->
        [0] Today is the last day to fill in { $campaign } (until 23:59 { $tz }).
       *[other] Only { $days } days left to fill in { $campaign }: until { $deadline }.
    }
    Fill it in at { $site }. Need a guide? Reply to this message.
bc-ready-visit =
    { field-visit }
    Real officers carry a BPS identity card. Never give your password to anyone.
bc-ready-thanks =
    🙏 Thank you for taking part in { $campaign }!
    Your data helps build { $region }.
reminder-deadline =
    ⏰ { $days ->
        [0] Today is the last day to fill in { $campaign } (until 23:59 { $tz }).
       *[other] Only { $days } days left to fill in { $campaign }: until { $deadline }.
    }
    How far did you get? Press Menu to continue the guide.
    No more reminders? Type BERHENTI.
reminder-stopped =
    Your guide stopped at step { $step }. Any problem?
    Press the button below to continue, or type your question.
    No more reminders? Type BERHENTI.

## Admin: broadcasts (conversations/admin/broadcast.py)
bc-compose =
    📣 Broadcast message
    Write it in one message (at most { $max } characters),
    or pick a ready message:
bc-ready-deadline-label = Deadline reminder
bc-ready-visit-label = Officer visit notice
bc-ready-thanks-label = Thank-you
bc-cancel-compose = Cancel
bc-text-short = The message is too short. Write the whole broadcast, or pick a ready message.
bc-text-long = The message has { $count } characters; at most { $max }. Please shorten it.
bc-segment-prompt =
    Message:
    “{ $message }”

    Send it to whom?
segment-everyone-label = Everyone
segment-not_completed-label = Not reported done
segment-completed-label = Reported done
segment-started_not_completed-label = Started, not done
segment-tutors-label = All tutors
segment-tutors_not_own-label = Tutors, own not done
segment-kecamatan-label = One kecamatan
segment-inactive-label = Inactive N days
segment-kecamatan-of = residents of Kecamatan { $name }
segment-inactive-of = residents inactive for { $days } days or more
segment-stopped_in_tutorial-of = residents who stopped in the guide { $days } days ago
bc-kecamatan-prompt = Residents of which kecamatan?
bc-inactive-prompt = Inactive for how many days? Type a number from 1 to { $max }.
bc-inactive-invalid = Please type a number of days, 1 to { $max }.
bc-preview =
    Please check:
    “{ $message }”

    Recipients: { $segment }: { $total } people
bc-preview-split = • Telegram { $telegram } · WhatsApp { $whatsapp } · WhatsApp by template { $template } · console { $console }
bc-preview-opted-out = • { $count } people chose to stop receiving messages: not sent.
bc-preview-template = • Outside WhatsApp's 24-hour window the message goes as template "{ $name }".
bc-preview-no-template = ⚠️ No WhatsApp template for this message: { $count } people outside the 24-hour window are skipped.
bc-preview-limit = ⚠️ WhatsApp's daily limit of { $limit } people (template messages) will be exceeded; { $already } already used. The rest waits for the next day.
bc-preview-quiet = 🌙 Quiet hours now: sending starts at { $until }.
bc-preview-nobody = Nobody to send to with this choice. Pick other recipients.
bc-send = ✅ Send now
bc-change-segment = Change recipients
bc-busy = Broadcast #{ $id } is still running. Wait until it ends, or cancel it first.
bc-started = ✅ Broadcast #{ $id } started for { $total } people. Replies to residents still go first.
bc-progress-title = 📣 Broadcast #{ $id } · { $segment }
bc-progress = Sent { $sent } / { $total } { $bar } { $percent } · failed { $failed } · blocked the bot { $blocked }
bc-progress-skipped = Skipped: { $count } (opted out or no template)
bc-progress-quiet = 🌙 Quiet hours: continues at { $until }.
bc-progress-paused = ⏸ Paused.
bc-progress-done = ✅ Finished.
bc-progress-cancelled = ⛔ Cancelled. Not sent: { $count }.
bc-pause = ⏸ Pause
bc-resume = ▶️ Resume
bc-cancel = ⛔ Cancel
bc-paused = ⏸ Broadcast #{ $id } paused.
bc-resumed = ▶️ Broadcast #{ $id } resumed.
bc-not-running = Broadcast #{ $id } is no longer running.
bc-cancel-confirm =
    Cancel broadcast #{ $id }?
    { $left } people have not been sent it and will not be.
bc-cancel-yes = Yes, cancel
bc-cancel-no = No
bc-cancelled = ⛔ Broadcast #{ $id } cancelled.

## Admin: statistics (conversations/reporting/stats.py, charts.py)
stats-header = 📊 Progress per kecamatan · { $date }
stats-target = Target: { $share } of residents fill in online. Percent and bar: share of the target (people filled in / target people). Most advanced first.
stats-kecamatan-line = { $name }{ $mark }: { $bar } { $percent } · { $persons }/{ $target } people · { $households } households{ $assisted } · started { $started }
stats-total-line = Total: { $bar } { $percent } · { $persons }/{ $target } people · { $households } households{ $assisted } · started { $started }
stats-total-population = Of all residents: { $percent } have filled in online (target { $share }).
stats-assisted = (tutor-assisted { $count })
stats-unknown-line = Kecamatan unknown: { $households } households, { $persons } people · started { $started }
stats-outside-line = KK from outside the region: { $households } households, { $persons } people (not counted)
stats-uncertain = * The population of { $names } is uncertain; their target is an estimate.
stats-funnel-header = 🪜 Guide: { $started } residents started. Reached the step · stopped at that step:
stats-funnel-line = { $n }. { $title }: { $reached } · stopped { $stopped }
stats-funnel-done = Finished the guide: { $done } · households reported done: { $completed }
stats-vouchers = 🎁 Vouchers: { $issued } issued · { $redeemed } redeemed · { $left } left in stock
stats-stock-line = • { $souvenir }: { $left } of { $total } left
stats-visits = 🏠 Asked for an officer visit: { $count } households
stats-channels-header = 💬 By channel:
stats-channel-line = • { $channel }: { $people } people · started { $started } · done { $households } households ({ $persons } people) · opted out { $opted } · blocked { $blocked }
stats-opd-header = 🏛️ Top OPD:
stats-opd-line = { $rank }. { $opd }: { $households } households ({ $persons } people, assisted { $assisted }) · ASN { $tutors }
stats-tutors-header = 👩‍🏫 Top tutors:
stats-tutor-line = { $rank }. { $name } ({ $opd }): { $households } households, assisted { $assisted }
stats-none = • none yet
stats-chart-caption = 📈 Top: progress per kecamatan in % of target (the 100% line = { $share } of residents), as in the text. Bottom: households done per day.
chart-title = Online census progress, { $region }
# The PNG chart's units are the text's: progress against the target (target = 100%).
chart-progress-axis = % of target (target = { $share } of residents filling in online)
chart-target-line = target ({ $share } of residents)
chart-value = { $percent } of target · { $persons } people
chart-online = reported themselves
chart-assisted = assisted by a tutor
chart-per-day = Households done per day
chart-households-axis = households

## Admin: exports (conversations/admin/reports.py, exports.py)
export-prompt = 📄 Which table do you want to download? You get an Excel file (XLSX), one sheet per table. (CSV: /ekspor completions csv)
export-all-label = All tables
export-stats-label = Statistics per kecamatan
export-funnel-label = Tutorial steps
export-completions-label = Households done
export-visits-label = Visit requests
export-vouchers-label = Vouchers
export-tutors-label = Tutors (name, NIP)
export-opd-label = OPD ranking
export-empty = No data yet for the table "{ $table }".
export-empty-all = No data yet to export in the chosen tables.
export-file = 📄 { $table }: { $count } rows. KK numbers are masked only. Keep this file safe.
export-file-many = 📄 { $sheets } sheets, { $count } rows. KK numbers are masked only. Keep this file safe.
report-preparing = ⏳ Preparing the report… I will send it here as soon as it is ready.
report-failed = Sorry, the report could not be prepared. Please try again in a moment.
report-interrupted = Sorry, your report could not be prepared because the bot stopped while preparing it. Please ask again.
export-part = Part { $part } of { $parts }: the file was split to stay under the upload size limit.

## Remind me tomorrow (conversations/resident/remind.py)
remind-tomorrow-button = Remind me tomorrow
remind-tomorrow-set = ✅ All right, I will remind you tomorrow, { $day } at { $at }. Have your Family Card (KK) ready.
remind-tomorrow-already = A reminder for tomorrow is already set.
remind-tomorrow-opted-out = You chose to stop receiving reminders. Type MULAI first, then press this button again.
remind-tomorrow-too-late =
    { $online ->
        [open] Tomorrow the form is closed. Today is the last day (until 23:59 { $tz }): please fill it in now.
       *[other] { $campaign } closed on { $close_date }, so there are no more reminders.
    }
remind-opening-button = Remind me when it opens
remind-opening-set = ✅ All right, I will remind you on { $open_date } at { $at }, when { $campaign } opens.
reminder-opening =
    ⏰ { $campaign } opens today, until { $close_date }.
    Fill it in at { $site }. Press Menu to start the guide.
    No more reminders? Type BERHENTI.
reminder-tomorrow =
    ⏰ Yesterday you asked to be reminded today.
    Is the Family Card (KK) at hand? Press Menu to continue the guide.
    No more reminders? Type BERHENTI.

## Admin: audit log (conversations/admin/reports.py)
export-audit-label = Audit log
audit-empty = No admin or staff action recorded yet.
audit-header = 🧾 The last { $count } admin and staff actions (all of them: /ekspor audit):
audit-line = { $at } · { $who } · { $what } { $detail }
audit-broadcast = started a broadcast
audit-broadcast-pause = paused a broadcast
audit-broadcast-resume = resumed a broadcast
audit-broadcast-cancel = cancelled a broadcast
audit-admin-stats = viewed the statistics
audit-admin-export = downloaded a table
audit-voucher-redeemed = redeemed a voucher
audit-tutor-revoked = revoked a tutor
audit-tutor-code-changed = changed the tutor registration code
audit-event-created = created an event
audit-handoff-answered = answered a resident's question
audit-visit-state = changed a visit request's state
audit-web-signin = signed in to the web dashboard
audit-from-web = from the web dashboard
audit-as-admin = as admin
audit-as-staff = as staff

## Help for admins (conversations/resident/menu.py)
help-admin =
    Admin commands:
    • /statistik progress per kecamatan, guide, vouchers, chart
    • /siaran send a message to many residents
    • /ekspor download tables (Excel/CSV) · /audit log of actions
    • /tutor_daftar, /acara_baru, /tutor_kode
