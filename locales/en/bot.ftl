# Tutor Sensus: the bot's own messages, in English.

## Welcome and menu
welcome =
    Welcome! 👋
    I am Tutor Sensus. I help you fill in { $campaign } at { $site }, step by step.
welcome-back = Welcome back. Good to see you again.
menu-prompt = Please choose:
phase-not_open = { $campaign } is not open yet. It opens on { $open_date }. You can learn the steps first.
phase-open = { $campaign } is open until { $close_date }.
phase-extended = { $campaign } has been extended until { $final_close_date }. Please fill it in before it closes.
phase-closed =
    { $campaign } closed on { $final_close_date }.
    Families who did not fill it in will be visited by an officer during { $field_stage } ({ $field_stage_period }).
menu-start = Start the guide
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
step-header = Step { $n } of { $total }
ask-kecamatan =
    Before we start: which kecamatan (district) do you live in?
    This helps us see which areas need help. You may skip it.
kecamatan-saved = Thank you. Kecamatan { $name } is saved.
kecamatan-unknown = Sorry, that kecamatan is not in the list. { $hint }Please choose from the list, or press "Skip".
kecamatan-unknown-hint = Did you mean { $name }?{" "}
problems-prompt = What problem do you have at step { $n }?
tutorial-done =
    ✅ You have reached the end of the guide.
    Thank you for taking part in the census. Your family's data helps build our region.

## Document checklist
checklist-title = 📄 Documents to prepare:
checklist-optional = if you have it
checklist-prompt = Press each document you already have at hand.
checklist-ready = The main documents are ready. You can start filling in.

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
error-apology = Sorry, something went wrong while handling your message. Please try again shortly.

## Free-text questions (the matcher's answer, or a person)
not-understood =
    Sorry, I did not understand your message.
    Please choose a button below, or ask a staff member.
ask-helpful = Did this answer your question?
ask-yes = Yes, thank you
ask-no = Not really
ask-thanks = You are welcome. Glad to help. 🙏
ask-unsure =
    Sorry, I did not understand your question.
    Did you mean one of these topics? Or ask a staff member.
ask-not-helpful =
    Sorry, that answer did not fit.
    Try another topic below, or ask a staff member.
ask-not-helpful-none =
    Sorry, that answer did not fit.
    Please ask a staff member.
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
    Press "Answer #{ $id }", or type /balas { $id } and your answer.
handoff-claim = Answer #{ $id }
handoff-queue = Questions waiting for an answer: { $count }
handoff-queue-item = #{ $id } · { $at }{ $status } · { $preview }
handoff-status-claimed = {" "}· being answered
handoff-queue-empty = ✅ No questions are waiting.
handoff-write-answer =
    You are answering question #{ $id }:
    “{ $question }”

    Write your answer in one message.
handoff-back-to-queue = ‹ Queue
handoff-answered = ✅ The answer to #{ $id } was sent to the resident.
handoff-taken = Question #{ $id } is being answered by another staff member.
handoff-already-answered = Question #{ $id } has already been answered.
handoff-not-found = Question #{ $id } was not found.
handoff-usage = How to reply: /balas NUMBER answer. Example: /balas 12 Please try another family member's NIK.
