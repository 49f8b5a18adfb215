# Tutor Sensus: the bot's own messages, in Indonesian (the default language).
# Campaign facts come as variables: { $campaign }, { $site }, { $open_date }, { $close_date },
# { $final_close_date }, { $field_stage }, { $field_stage_period }, { $region }, { $wa_center }.

## Welcome and menu
welcome =
    Selamat datang, Bapak/Ibu! 👋
    Saya Tutor Sensus. Saya bantu Anda mengisi { $campaign } di { $site }, langkah demi langkah.
welcome-back = Selamat datang kembali, Bapak/Ibu. Senang Anda kembali.
menu-prompt = Silakan pilih:
phase-not_open = { $campaign } belum dibuka. Pengisian dibuka { $open_date }. Anda bisa belajar langkah-langkahnya dulu.
phase-open = { $campaign } dibuka sampai { $close_date }.
phase-extended = { $campaign } diperpanjang sampai { $final_close_date }. Ayo isi sebelum ditutup.
phase-closed =
    { $campaign } sudah ditutup pada { $final_close_date }.
    Keluarga yang belum mengisi akan didatangi petugas pada { $field_stage } ({ $field_stage_period }).
menu-start = Mulai panduan
menu-restart = Ulangi panduan dari awal
menu-resume = ▶️ Lanjutkan langkah { $step }
menu-checklist = Daftar dokumen
menu-faq = Pertanyaan umum
menu-help = Bantuan dan kontak
menu-language = Ganti bahasa

## Navigation buttons
nav-next = Lanjut ›
nav-back = ‹ Kembali
nav-problems = Ada masalah di langkah ini
nav-menu = Menu
nav-skip = Lewati
nav-more = Lainnya ›
nav-previous = ‹ Sebelumnya
nav-back-to-step = ‹ Kembali ke langkah { $n }
nav-other-problems = Masalah lain
nav-other-questions = ‹ Pertanyaan lain

## Tutorial
step-header = Langkah { $n } dari { $total }
ask-kecamatan =
    Sebelum mulai: Anda tinggal di kecamatan mana?
    Ini membantu kami melihat wilayah yang perlu dibantu. Boleh dilewati.
kecamatan-saved = Terima kasih. Kecamatan { $name } tersimpan.
kecamatan-unknown = Maaf, kecamatan itu belum ada di daftar. { $hint }Silakan pilih dari daftar, atau tekan "Lewati".
kecamatan-unknown-hint = Maksud Anda { $name }?{" "}
problems-prompt = Masalah apa yang Anda alami di langkah { $n }?
tutorial-done =
    ✅ Anda sudah sampai di akhir panduan.
    Terima kasih sudah mengisi sensus. Data keluarga Anda membantu membangun daerah kita.

## Document checklist
checklist-title = 📄 Dokumen yang perlu disiapkan:
checklist-optional = jika ada
checklist-prompt = Tekan nama dokumen yang sudah ada di tangan Anda.
checklist-ready = Dokumen utama sudah siap. Anda bisa mulai mengisi.

## Common questions
faq-prompt = Pilih topik pertanyaan:

## Help, language
help-text =
    Cara memakai Tutor Sensus:
    • Tekan tombol, atau ketik nomor pilihannya.
    • /menu kembali ke menu utama.
    • /batal membatalkan pertanyaan yang sedang berjalan.
    • /bahasa mengganti bahasa.

    Butuh bantuan petugas?
    { $channels }
language-prompt = Pilih bahasa:
language-changed = Bahasa sudah diganti ke Bahasa Indonesia.

## When something is not as expected
command-unknown = Maaf, perintah itu tidak saya kenal. Silakan pilih dari menu.
cancelled = Baik, dibatalkan. Kemajuan Anda tetap tersimpan.
button-stale = Tombol itu dari pesan sebelumnya. Ini langkah Anda sekarang:
number-out-of-range = Nomor itu tidak ada. Silakan ketik nomor 1 sampai { $count }, atau tekan tombol.
empty-text = Pesan Anda kosong. Silakan ketik lagi, atau tekan tombol.
text-too-long = Pesan Anda panjang sekali. Mohon tulis singkat saja, atau tekan tombol.
media-not-understood =
    Maaf, saya belum bisa membaca { $kind ->
        [photo] foto
        [document] dokumen
        [sticker] stiker
        [voice] pesan suara
        [audio] rekaman suara
        [video] video
        [location] lokasi
       *[other] pesan seperti itu
    } di sini. Silakan ketik, atau tekan tombol.
group-private-only =
    Halo! Saya hanya melayani lewat chat pribadi, supaya data Anda aman.
    Silakan chat saya di sini: { $link }
error-apology = Maaf, terjadi gangguan saat memproses pesan Anda. Silakan coba lagi sebentar lagi.

## Free-text questions (the matcher's answer, or a person)
not-understood =
    Maaf, saya belum paham pesan Anda.
    Silakan pilih dari tombol di bawah, atau tanyakan ke petugas.
ask-helpful = Apakah ini menjawab pertanyaan Anda?
ask-yes = Ya, terima kasih
ask-no = Belum
ask-thanks = Sama-sama. Senang bisa membantu. 🙏
ask-unsure =
    Maaf, saya belum paham pertanyaan Anda.
    Mungkin maksud Anda salah satu topik ini? Atau tanyakan ke petugas.
ask-not-helpful =
    Maaf, jawaban tadi belum pas.
    Coba topik lain di bawah, atau tanyakan ke petugas.
ask-not-helpful-none =
    Maaf, jawaban tadi belum pas.
    Silakan tanyakan ke petugas.
ask-staff = Tanya petugas
ask-write = Silakan tulis pertanyaan Anda untuk petugas dalam satu pesan.
ask-confirm =
    Kirim pertanyaan ini ke petugas?

    “{ $question }”

    Mohon jangan menulis NIK, Nomor KK, atau kata sandi.
ask-send = Kirim ke petugas
ask-rewrite = Tulis ulang
ask-cancel = Batal
ask-media-offer = Anda juga bisa bertanya langsung ke petugas.
handoff-sent-open =
    ✅ Pertanyaan Anda sudah diteruskan ke petugas.
    Jawabannya akan dikirim di chat ini. Petugas menjawab pada jam kerja ({ $hours }).
handoff-sent-closed =
    ✅ Pertanyaan Anda sudah diteruskan ke petugas.
    Sekarang di luar jam kerja ({ $hours }). Jawabannya akan dikirim di chat ini pada jam kerja berikutnya.
handoff-unavailable =
    Maaf, petugas belum bisa dihubungi lewat chat ini.
    Silakan hubungi:
    { $channels }
handoff-answer =
    💬 Jawaban petugas untuk pertanyaan Anda:
    “{ $question }”

    { $answer }

## Staff chat: the question queue
channel-telegram = Telegram
channel-whatsapp = WhatsApp
channel-console = konsol
handoff-new =
    ❓ Pertanyaan warga #{ $id } ({ $where }):
    “{ $question }”
    Tekan "Jawab #{ $id }", atau ketik /balas { $id } lalu jawaban Anda.
handoff-claim = Jawab #{ $id }
handoff-queue = Pertanyaan yang menunggu jawaban: { $count }
handoff-queue-item = #{ $id } · { $at }{ $status } · { $preview }
handoff-status-claimed = {" "}· sedang dijawab
handoff-queue-empty = ✅ Tidak ada pertanyaan yang menunggu.
handoff-write-answer =
    Anda menjawab pertanyaan #{ $id }:
    “{ $question }”

    Tulis jawaban Anda dalam satu pesan.
handoff-back-to-queue = ‹ Antrian
handoff-answered = ✅ Jawaban untuk #{ $id } sudah dikirim ke warga.
handoff-taken = Pertanyaan #{ $id } sedang dijawab petugas lain.
handoff-already-answered = Pertanyaan #{ $id } sudah dijawab.
handoff-not-found = Pertanyaan #{ $id } tidak ditemukan.
handoff-usage = Cara membalas: /balas NOMOR jawaban. Contoh: /balas 12 Silakan coba NIK anggota keluarga yang lain.
