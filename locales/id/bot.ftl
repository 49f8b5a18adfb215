# Tutor Sensus: the bot's own messages, in Indonesian (the default language).
# Campaign facts come as variables: { $campaign }, { $site }, { $open_date }, { $close_date },
# { $field_stage }, { $field_stage_period }, { $region }, { $wa_center }. Dates are the ones known
# on the day (conversations/timeline.py); the phase comes as selectors: $online (before, open,
# closed), $field (ahead, running, over), $close_sure / $field_sure (no: say it cautiously).
# The phase notes (phase-<id>) and announcements (news-<id>) are in the campaign's catalogue.

## Welcome and menu
welcome =
    Selamat datang, Bapak/Ibu! 👋
    { $online ->
        [closed] Saya Tutor Sensus. Saya menjawab pertanyaan tentang { $campaign } dan menyimpan panduannya sebagai arsip.
       *[other] Saya Tutor Sensus. Saya bantu Anda mengisi { $campaign } di { $site }, langkah demi langkah.
    }
welcome-back = Selamat datang kembali, Bapak/Ibu. Senang Anda kembali.
greet-back-religious = Wa'alaikumsalam, Bapak/Ibu.
greet-back-time = Selamat { $part ->
        [pagi] pagi
        [siang] siang
        [sore] sore
       *[malam] malam
    }, Bapak/Ibu.
menu-prompt = Silakan pilih:
# The days left, for the phase notes (phase-<id>) and reminders: never "tinggal 0 hari".
deadline-days =
    { $days_left ->
        [0] Hari ini hari terakhir (sampai 23.59 { $tz }).
        [1] Besok hari terakhir (sampai 23.59 { $tz }).
       *[other] Tinggal { $days_left } hari lagi.
    }{ $close_sure ->
        [no] {" "}Ini menurut jadwal saat ini; pantau pengumuman resmi di { $site }.
       *[yes] {""}
    }
# What happens to households that did not fill in online, in the field stage's tense.
field-visit =
    { $field ->
        [over] Petugas sensus sudah mendatangi keluarga yang belum mengisi online pada { $field_stage } ({ $field_stage_period }). Keluarga yang belum tercatat bisa menghubungi { $office }.
        [running] Petugas sensus sedang mendatangi keluarga yang belum mengisi online: { $field_stage } ({ $field_stage_period }).
       *[ahead] { $field_sure ->
            [no] Keluarga yang belum mengisi online akan didatangi petugas sensus setelah pengisian online ditutup. Jadwalnya akan diumumkan BPS.
           *[yes] Keluarga yang belum mengisi online akan didatangi petugas sensus pada { $field_stage } ({ $field_stage_period }).
        }
    }
menu-start =
    { $online ->
        [closed] Lihat panduan (arsip)
       *[other] Mulai panduan
    }
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
step-header =
    { $online ->
        [closed] Panduan arsip · langkah { $n } dari { $total }
       *[other] Langkah { $n } dari { $total }
    }
ask-kecamatan =
    Sebelum mulai: Anda tinggal di kecamatan mana?
    Ini membantu kami melihat wilayah yang perlu dibantu. Boleh dilewati.
kecamatan-saved = Terima kasih. Kecamatan { $name } tersimpan.
kecamatan-unknown = Maaf, kecamatan itu belum ada di daftar. { $hint }Silakan pilih dari daftar, atau tekan "Lewati".
kecamatan-unknown-hint = Maksud Anda { $name }?{" "}
problems-prompt = Masalah apa yang Anda alami di langkah { $n }?
tutorial-done =
    ✅ Anda sudah sampai di akhir panduan.
    { $online ->
        [closed] Pengisian { $campaign } sudah ditutup pada { $close_date }; panduan ini hanya untuk referensi.
       *[other] Terima kasih sudah mengisi sensus. Data keluarga Anda membantu membangun daerah kita.
    }

## Document checklist
checklist-title = 📄 Dokumen untuk mengisi: { $ticked } dari { $total } sudah ada di tangan.
checklist-prompt = Tekan dokumen yang sudah ada. { $required } teratas wajib ada, lainnya jika ada.
checklist-ready = Dokumen wajib sudah siap. Anda bisa mulai mengisi.

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
number-not-on-page = Nomor itu tidak ada di halaman ini. Silakan ketik salah satu nomor yang tampil, atau tekan tombol.
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
# The console (`tutor-sensus chat --user ID`): messages that came while this person was away.
console-inbox = 📥 { $count } pesan masuk saat Anda tidak di sini:
error-apology = Maaf, terjadi gangguan saat memproses pesan Anda. Silakan coba lagi sebentar lagi.

## Free-text questions (the matcher's answer, or a person)
not-understood =
    Maaf, saya belum paham pesan Anda.
    Silakan pilih dari tombol di bawah, atau tanyakan ke petugas.
ask-helpful = Apakah ini menjawab pertanyaan Anda?
ask-yes = Ya, terima kasih
ask-no = Belum
ask-thanks = Sama-sama. Senang bisa membantu. 🙏
## Intents: free text that leads to an action (conversations/intents.py)
intent-closing = Sama-sama, Bapak/Ibu. Semoga lancar mengisi sensusnya. 🙏
intent-selesai = Sudah selesai mengisi? Laporkan di sini agar keluarga Anda tercatat dan mendapat kode souvenir.
intent-kunjungan = Ingin didatangi petugas sensus? Ajukan permintaan kunjungan di sini.
intent-voucher-none = Anda belum punya kode souvenir. Kode diberikan setelah Anda melaporkan sudah selesai mengisi.
intent-jadi_petugas =
    Maaf, bot ini tidak bisa mendaftarkan petugas sensus.
    Penerimaan petugas lapangan diumumkan oleh BPS. Tanyakan ke { $office } atau kontak berikut:
    { $channels }
ask-unsure =
    Maaf, saya belum paham pertanyaan Anda.
    Mungkin maksud Anda salah satu topik ini? Atau tanyakan ke petugas.
ask-not-helpful =
    Maaf, jawaban tadi belum pas.
    Coba topik lain di bawah, atau tanyakan ke petugas.
ask-not-helpful-none =
    Maaf, jawaban tadi belum pas.
    Silakan tanyakan ke petugas.
# Under the "belum paham" texts when no staff chat is set (TUTOR_SENSUS_HANDOFF_CHAT):
# the contacts instead of a "Tanya petugas" button that nobody would read.
ask-contacts =
    Hubungi petugas:
    { $channels }
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
    Tekan "Jawab #{ $id }", balas (reply) pesan ini dengan jawaban Anda, atau ketik /balas { $id } lalu jawaban Anda.
handoff-claim = Jawab #{ $id }
handoff-queue = Pertanyaan yang menunggu jawaban: { $count }
handoff-queue-item = #{ $id } · { $at }{ $status } · { $preview }
handoff-status-claimed = {" "}· sedang dijawab
handoff-queue-empty = ✅ Tidak ada pertanyaan yang menunggu.
handoff-write-answer =
    Anda menjawab pertanyaan #{ $id }:
    “{ $question }”

    Tulis jawaban Anda dalam satu pesan, atau balas (reply) pesan ini.
handoff-back-to-queue = ‹ Antrian
handoff-answered = ✅ Jawaban untuk #{ $id } sudah dikirim ke warga.
handoff-taken = Pertanyaan #{ $id } sedang dijawab petugas lain.
handoff-already-answered = Pertanyaan #{ $id } sudah dijawab.
handoff-not-found = Pertanyaan #{ $id } tidak ditemukan.
handoff-usage = Cara membalas: /balas NOMOR jawaban. Contoh: /balas 12 Silakan coba NIK anggota keluarga yang lain.
dashboard-link =
    🔗 Tautan masuk dasbor (sekali pakai, { $minutes } menit, hanya untuk Anda):
    { $link }
    Jangan teruskan tautan ini kepada siapa pun.

## Selesai mengisi, voucher suvenir (conversations/households/completion.py, vouchers.py)
menu-done = ✅ Saya sudah selesai mengisi
menu-my-voucher = 🎁 Voucher saya
menu-visit = Minta didatangi petugas
done-cancel = Batal
done-not-open =
    { $campaign } belum dibuka. Pengisian dibuka { $open_date }.
    Setelah Anda selesai mengisi, laporkan di sini untuk mendapat voucher suvenir.
    Mau saya ingatkan pada hari itu?
done-closed =
    🙏 Terima kasih sudah ikut sensus!
    Pengisian { $campaign } ditutup pada { $close_date } pukul 23.59 { $tz }.
    Laporan selesai hanya diterima sampai { $completions_until }, jadi voucher suvenir tidak bisa diberikan lagi.
    Data yang sudah Anda kirim ke BPS tetap tercatat.
done-ask-kk =
    Terima kasih sudah mengisi sensus!
    Ketik Nomor Kartu Keluarga (KK) Anda: 16 angka, di bagian atas Kartu Keluarga.
    Nomor ini tidak kami simpan, hanya kode acak darinya.
done-kk-too-short =
    Anda mengetik { $count } angka. Nomor KK ada 16 angka.
    Contoh bentuknya: 3325 xxxx xxxx xxxx. Coba ketik lagi ya.
done-kk-too-long =
    Anda mengetik { $count } angka. Nomor KK ada 16 angka saja.
    Coba ketik lagi ya.
done-kk-several = Mohon ketik satu Nomor KK saja (16 angka).
done-kk-not-digits =
    Nomor KK hanya berisi angka, 16 angka.
    Contoh bentuknya: 3325 xxxx xxxx xxxx. Coba ketik lagi ya.
done-kk-check =
    Nomor yang Anda ketik: { $mask }
    Pastikan ini Nomor KK, di bagian atas Kartu Keluarga, bukan NIK.
done-kk-looks-like-nik = ⚠️ Nomor ini mirip NIK (ada tanggal lahir di dalamnya). Mohon periksa lagi.
done-kk-yes = Ya, ini Nomor KK
done-kk-retype = Ketik ulang
done-ask-persons =
    Berapa orang anggota keluarga yang sudah diisi datanya?
    Ketik angkanya, misalnya 4 (paling banyak { $max }).
done-persons-not-number = Mohon ketik angka saja, misalnya 4.
done-persons-range = Jumlahnya antara 1 dan { $max } orang. Coba ketik lagi ya.
done-ask-kecamatan = Keluarga Anda tinggal di kecamatan mana?
done-kecamatan-pick = Mohon pilih kecamatan dari daftar, atau ketik nomornya.
done-ask-proof =
    Kirim foto, tangkapan layar, atau PDF bukti pengisian.
    Tidak punya? Tekan "Lewati".
done-proof-skip = Lewati
done-proof-wrong-kind = Mohon kirim foto atau berkas PDF bukti pengisian, atau tekan "Lewati".
done-proof-too-big = Berkasnya terlalu besar (lebih dari { $mb } MB). Kirim tangkapan layar saja ya.
done-proof-received = 📄 Bukti pengisian sudah kami terima.
done-proof-skipped = Baik, tanpa bukti. Petugas mungkin meminta melihatnya saat penukaran suvenir.
done-outside-region = di luar { $region }
done-proof-yes = ada
done-proof-no = tidak ada
done-confirm =
    Mohon periksa:
    • Nomor KK: { $mask }
    • Anggota keluarga: { $persons } orang
    • Kecamatan: { $kecamatan }
    • Bukti pengisian: { $proof }
    Sudah benar?
done-save = Ya, simpan
done-restart = Ulangi dari awal
done-saved = ✅ Terima kasih! Keluarga Anda sudah tercatat selesai mengisi.
done-no-voucher-outside = Suvenir hanya untuk keluarga dengan KK { $region }. Terima kasih sudah ikut sensus!
done-no-voucher-stock = Mohon maaf, suvenir sudah habis. Keluarga Anda tetap tercatat. Terima kasih!
done-no-voucher-window = Masa penukaran voucher suvenir sudah berakhir, jadi tidak ada voucher lagi. Keluarga Anda tetap tercatat. Terima kasih!
done-after = Ada lagi yang bisa saya bantu?
done-already-mine = Keluarga ini sudah Anda laporkan sebelumnya.
done-already-mine-no-voucher = Keluarga ini tidak mendapat voucher suvenir.
done-already-other = Keluarga dengan Nomor KK ini sudah tercatat pada { $day }. Terima kasih!
done-already-other-next =
    Biasanya anggota keluarga lain sudah melaporkannya. Bukan keluarga Anda yang melapor? Hubungi:
    { $channels }
done-capped =
    Dari akun ini sudah dilaporkan { $n } keluarga, batas untuk satu akun.
    Keluarga lain bisa melapor dari HP mereka sendiri.
voucher-text =
    🎁 Kode voucher suvenir Anda: { $code }
    Suvenir: { $souvenir }
voucher-where = Tukarkan di { $place }, { $hours }.
voucher-until =
    { $start ->
        [none] Bisa ditukarkan paling lambat { $day }.
       *[other] Bisa ditukarkan mulai { $start } sampai { $day }.
    }
voucher-show = Tunjukkan kode atau gambar QR ini kepada petugas.
voucher-redeemed-at = ✅ Sudah ditukarkan pada { $at } di { $place }.
voucher-redeemed-at-nowhere = ✅ Sudah ditukarkan pada { $at }.
voucher-place-unknown = tempat penukaran
voucher-expired = Masa berlaku voucher ini habis pada { $day }.
# "Voucher saya" in the menu (conversations/my_voucher.py)
my-voucher-pick = Pilih voucher yang ingin Anda lihat:
my-voucher-item = { $code } (KK { $mask })
# To the resident, when staff redeem their voucher (conversations/redeem.py)
voucher-redeemed-notice =
    ✅ Voucher { $code } sudah ditukarkan pada { $at } di { $place }.
    Terima kasih sudah ikut { $campaign }!
    Bukan Anda yang menukarkan? Hubungi { $office }.

## Penukaran voucher oleh petugas (conversations/households/redeem.py)
redeem-ask = Ketik kode voucher (contoh bentuknya: K7QM-4TXR-9ABF).
redeem-code-shape =
    Bentuk kode belum cocok. Kode voucher berisi 12 huruf dan angka,
    contoh: K7QM-4TXR-9ABF. Coba ketik lagi.
redeem-code-typo = Kode salah: ada huruf yang keliru. Periksa lagi kodenya, satu per satu.
redeem-not-found = Kode { $code } tidak ditemukan.
redeem-details =
    Voucher { $code }
    • Suvenir: { $souvenir }
    • Nomor KK: { $mask }
    • Anggota keluarga: { $persons } orang
    • Kecamatan: { $kecamatan }
redeem-status-open = ✅ Belum ditukarkan. Bisa ditukarkan sekarang.
redeem-status-redeemed = ⚠️ Sudah ditukarkan pada { $at } oleh { $by }.
redeem-status-expired = ⚠️ Masa berlakunya sudah habis ({ $day }).
redeem-status-not-yet = ⚠️ Belum bisa ditukarkan: penukaran mulai { $day }.
redeem-proof-attached = Bukti pengisian: terlampir di atas.
redeem-proof-at-channel = Bukti pengisian: dikirim, tetapi belum bisa diunduh.
redeem-proof-none = Bukti pengisian: tidak dikirim. Boleh minta warga menunjukkannya.
redeem-proof-caption = Bukti pengisian untuk KK { $mask }
redeem-confirm = ✅ Tukarkan sekarang
redeem-check-kk = Cek Nomor KK
redeem-another = Kode lain
redeem-done = ✅ Voucher { $code } sudah ditukarkan. Silakan serahkan suvenirnya.
redeem-just-redeemed = ⚠️ Voucher { $code } baru saja ditukarkan. Jangan serahkan suvenir lagi.
redeem-ask-kk = Ketik Nomor KK dari Kartu Keluarga yang ditunjukkan warga.
redeem-back = ‹ Kembali
redeem-kk-match = ✅ Nomor KK cocok dengan yang dilaporkan.
redeem-kk-differs = ❌ Nomor KK tidak cocok dengan yang dilaporkan.

## Minta didatangi petugas (conversations/resident/visit.py)
visit-cancel = Batal
visit-consent =
    { field-visit }
    Agar petugas tahu, kami akan mencatat desa, RT/RW, dan nomor HP Anda.
    Data ini hanya untuk BPS dan bisa Anda hapus dengan /hapus_data.
    Setuju?
visit-over =
    { field-visit }
    Tahap itu sudah selesai, jadi permintaan kunjungan tidak dicatat lagi. Kontak:
    { $channels }
visit-agree = Ya, setuju
visit-ask-kecamatan = Di kecamatan mana rumah Anda?
visit-ask-desa = Ketik nama desa atau kelurahan Anda.
visit-desa-invalid = Mohon ketik nama desa atau kelurahan, misalnya: Kalisari.
visit-ask-rt-rw = Ketik RT dan RW Anda, misalnya: 003/005.
visit-rt-rw-invalid = Mohon ketik RT dan RW dengan angka, misalnya: 003/005.
visit-ask-contact = Ketik nomor HP yang bisa dihubungi, misalnya: 0812 3456 7890.
visit-contact-invalid = Nomor HP belum cocok. Ketik nomor yang diawali 08 atau +62.
visit-confirm =
    Mohon periksa:
    • Kecamatan: { $kecamatan }
    • Desa/kelurahan: { $desa }
    • RT/RW: { $rt_rw }
    • Nomor HP: { $contact }
    Sudah benar?
visit-save = Ya, kirim
visit-again = Ubah
visit-saved =
    ✅ Terima kasih, permintaan Anda sudah dicatat untuk BPS.
    { field-visit }
    Petugas asli memakai kartu identitas BPS. Jangan berikan kata sandi kepada siapa pun.

visit-scheduled =
    📅 Kabar dari BPS: permintaan kunjungan Anda ({ $desa }, RT/RW { $rt_rw }) sudah dijadwalkan.
    Petugas akan datang. Petugas asli memakai kartu identitas BPS.
## Privasi (conversations/resident/privacy.py)
privacy-info =
    Yang kami simpan tentang Anda:
    • bahasa, kecamatan, dan langkah panduan terakhir;
    • pertanyaan yang Anda kirim ke petugas;
    • jika melapor selesai: jumlah anggota keluarga, kecamatan, bukti pengisian,
      dan kode acak dari Nomor KK (nomornya sendiri tidak disimpan);
    • jika minta didatangi petugas: desa, RT/RW, dan nomor HP;
    • jika mendaftar sebagai tutor (ASN): NIP, nama, OPD, dan kecamatan;
    • kode tutor atau acara yang mengajak Anda, jika ada.
    Gunanya: membantu Anda mengisi sensus dan menghitung kemajuan per kecamatan.
    Hapus data dengan /hapus_data.
privacy-delete-button = Hapus data saya
privacy-delete-confirm =
    Hapus semua data Anda?
    Yang tetap ada: angka statistik tanpa nama, dan kode acak Nomor KK
    sebagai tanda keluarga Anda sudah mendapat voucher.
    Catat kode voucher Anda dulu: setelah dihapus, kodenya tidak bisa ditampilkan lagi.
privacy-delete-yes = Ya, hapus
privacy-delete-no = Batal
privacy-deleted = ✅ Data Anda sudah dihapus. Ketik /start jika ingin memakai bot ini lagi.
menu-privacy = Privasi dan data Anda
menu-redeem = Tukar voucher (petugas)

## Tutor Sensus untuk ASN (conversations/tutors/tutor.py, tutor_admin.py, attribution.py)
menu-tutor = Tutor Sensus (khusus ASN)
tutor-cancel = Batal
tutor-closed = Pendaftaran tutor belum dibuka. Silakan tanyakan kepada admin Tutor Sensus.
tutor-ask-code =
    👩‍🏫 Daftar sebagai Tutor Sensus (khusus ASN)
    Tutor mendapat tautan dan poster QR pribadi untuk mengajak warga mengisi { $campaign }.
    Ketik kode pendaftaran tutor yang dibagikan admin.
tutor-code-wrong = Kode itu belum cocok. Periksa lagi kode dari admin, lalu ketik ulang ya.
tutor-code-locked =
    Kode sudah beberapa kali belum cocok hari ini.
    Silakan coba lagi besok, atau tanyakan kodenya kepada admin.
tutor-code-ok = ✅ Kode cocok.
tutor-ask-nip =
    Ketik NIP Anda: 18 angka, boleh dengan spasi.
    Contoh bentuknya: 19800101 200501 1 001
tutor-nip-not-digits =
    NIP hanya berisi angka, 18 angka.
    Contoh bentuknya: 19800101 200501 1 001. Coba ketik lagi ya.
tutor-nip-length =
    { $count ->
        [18] Maaf, NIP Anda belum terbaca. Mohon ketik sekali lagi.
       *[other] Anda mengetik { $count } angka. NIP ada 18 angka.
    }
    Contoh bentuknya: 19800101 200501 1 001. Coba periksa lagi ya.
tutor-nip-birth-date =
    8 angka pertama NIP ({ $part }) adalah tanggal lahir: tahun, bulan, tanggal.
    Tanggal itu tidak ada di kalender. Coba periksa lagi ya.
tutor-nip-birth-year =
    8 angka pertama NIP ({ $part }) adalah tanggal lahir: { $born }.
    ASN lahir antara tahun 1940 dan { $latest }, jadi angkanya belum cocok. Coba periksa lagi ya.
tutor-nip-appointment =
    Angka ke-9 sampai ke-14 NIP ({ $part }) adalah tahun dan bulan pengangkatan.
    Bulannya harus 01 sampai 12. Coba periksa lagi ya.
tutor-nip-appointment-future =
    Angka ke-9 sampai ke-14 NIP ({ $part }) adalah tahun dan bulan pengangkatan.
    Bulan itu belum tiba. Coba periksa lagi ya.
tutor-nip-appointment-young =
    Menurut NIP ini, Anda lahir { $born } dan diangkat { $appointed } (umur { $age } tahun).
    Angka ke-9 sampai ke-14 ({ $part }) adalah tahun dan bulan pengangkatan. Mungkin ada angka yang tertukar?
tutor-nip-sex =
    Angka ke-15 NIP adalah jenis kelamin: 1 atau 2.
    Di NIP ini angkanya { $part }. Coba periksa lagi ya.
tutor-nip-serial = Tiga angka terakhir NIP adalah nomor urut, tidak mungkin 000. Coba periksa lagi ya.
tutor-link-ask =
    NIP ini sudah terdaftar sebagai tutor lewat { $channels }.
    Apakah itu Anda sendiri, dengan akun lain?
tutor-link-yes = Ya, itu saya
tutor-link-no = Bukan saya
tutor-link-not-me =
    Satu NIP hanya untuk satu tutor. Periksa lagi NIP Anda.
    Jika NIP Anda dipakai orang lain, hubungi admin.
tutor-link-ask-name = Untuk menggabungkan akun, ketik nama lengkap Anda persis seperti saat mendaftar.
tutor-link-name-wrong = Nama itu belum cocok dengan pendaftaran NIP ini. Coba ketik lagi ya.
tutor-link-notice =
    ℹ️ Akun { $channel } kini juga terhubung sebagai akun tutor Anda.
    Bukan Anda? Segera hubungi admin.
tutor-linked = ✅ Akun ini sudah tergabung. Kode, tautan, dan statistik Anda sama di semua akun.
tutor-ask-name = Ketik nama lengkap Anda (boleh dengan gelar), misalnya: Siti Aminah, S.Pd.
tutor-name-invalid = Mohon ketik nama lengkap dengan huruf saja (boleh titik dan koma untuk gelar).
tutor-ask-opd = Di OPD (unit kerja) mana Anda bekerja? Pilih dari daftar, atau ketik namanya.
tutor-opd-other-label = Tidak ada di daftar
tutor-opd-pick = Mohon pilih OPD dari daftar. Tidak ada? Pilih "Tidak ada di daftar".
tutor-ask-opd-other = Ketik nama OPD atau unit kerja Anda.
tutor-opd-other-invalid = Mohon ketik nama OPD dengan huruf dan angka, paling banyak 80 huruf.
tutor-ask-kecamatan = Anda tinggal di kecamatan mana? Boleh dilewati.
tutor-confirm =
    Mohon periksa:
    • NIP: { $nip }
    • Nama: { $name }
    • OPD: { $opd }
    • Kecamatan: { $kecamatan }
    Sudah benar?
tutor-save = Ya, daftarkan
tutor-again = Ulangi
tutor-registered = ✅ Selamat, Anda terdaftar sebagai Tutor Sensus! Kode tutor Anda: { $code }
tutor-home =
    👩‍🏫 Menu Tutor Sensus
    { $name } · { $opd }
    Kode tutor Anda: { $code }
tutor-home-own-first =
    Langkah pertama: isi sensus keluarga Anda sendiri di { $site },
    lalu laporkan di sini. Setelah itu, ajak warga.
tutor-home-own-done = Sensus keluarga Anda sudah tercatat. Sekarang ajak warga dan bantu tetangga.
tutor-own = Lapor keluarga saya
tutor-share = Bagikan tautan saya
tutor-poster = Poster QR
tutor-assist = Saya membantu warga
tutor-stats = Statistik saya
tutor-home-button = Menu Tutor
tutor-not-registered = Fitur ini khusus Tutor Sensus (ASN). Anda belum terdaftar sebagai tutor.
tutor-register = Daftar jadi tutor
tutor-revoked = Pendaftaran tutor dengan NIP atau akun ini sudah dicabut admin. Jika ini keliru, silakan hubungi admin.
tutor-assisted-capped =
    Hari ini Anda sudah mencatat { $n } keluarga yang dibantu, batas hariannya { $max } keluarga.
    Terima kasih banyak! Lanjutkan besok ya.
tutor-stats-text =
    📊 Statistik Anda
    • Sensus keluarga sendiri: { $own }
    • Warga yang datang lewat kode Anda: { $reached }
    • Yang mulai panduan: { $started }
    • Keluarga selesai mengisi: { $households } ({ $persons } orang)
    • Di antaranya dibantu langsung: { $assisted } keluarga
    Peringkat Anda di { $opd }: { $rank } dari { $total } tutor.
tutor-stats-own-yes = sudah
tutor-stats-own-no = belum

## Membagikan kode: tautan, ajakan, poster
ref-wa-prefill-tutor = Halo Tutor Sensus, saya ingin dipandu mengisi sensus. Kode tutor { $code }
ref-wa-prefill-acara = Halo Tutor Sensus, saya ingin dipandu mengisi sensus. Kode acara { $code }
ref-link-telegram = • Lewat Telegram: { $link }
ref-link-whatsapp = • Lewat WhatsApp: { $link }
ref-link-none = • Kode: { $code }
ref-invite-tutor =
    { $online ->
        [closed] Bapak/Ibu, pengisian { $campaign } sudah ditutup. Tutor Sensus tetap menjawab pertanyaan tentang sensus.
        [before] Bapak/Ibu, { $campaign } dibuka { $open_date }, sampai { $until }. Ayo siapkan dokumennya!
       *[open] Bapak/Ibu, ayo isi { $campaign } paling lambat { $until }!
    }
    Bingung caranya? Tutor Sensus memandu langkah demi langkah, gratis:
    { $links }
    Situs resmi hanya { $site }. BPS tidak pernah meminta uang.
    Salam, { $signed } (Tutor Sensus)
ref-invite-acara =
    { $online ->
        [closed] Bapak/Ibu, pengisian { $campaign } sudah ditutup. Tutor Sensus tetap menjawab pertanyaan tentang sensus.
        [before] Bapak/Ibu, { $campaign } dibuka { $open_date }, sampai { $until }. Ayo siapkan dokumennya!
       *[open] Bapak/Ibu, ayo isi { $campaign } paling lambat { $until }!
    }
    Ikuti { $signed }, isi bersama dengan panduan Tutor Sensus:
    { $links }
    Situs resmi hanya { $site }. BPS tidak pernah meminta uang.
tutor-shared =
    ☝️ Teruskan pesan di atas ke grup WhatsApp warga, RT, atau keluarga.
    Warga yang datang lewat tautan Anda tercatat untuk Anda (kode { $code }).
tutor-shared-no-links =
    Tautan Telegram dan WhatsApp belum diatur di bot ini.
    Warga tetap bisa mengetik "kode tutor { $code }" saat chat dengan Tutor Sensus.
event-shared =
    ☝️ Teruskan pesan di atas, atau cetak posternya.
    Warga yang datang lewat tautan ini tercatat untuk acara (kode { $code }).
ref-poster-cta = Ayo isi { $campaign }! Pindai kode QR ini untuk dipandu.
ref-poster-name = Tutor Sensus: { $name }
ref-poster-event = { $event }
ref-poster-footer-tutor = Lewat { $channel } · kode tutor { $code } · situs resmi hanya { $site }
ref-poster-footer-acara = Lewat { $channel } · kode acara { $code } · situs resmi hanya { $site }
ref-poster-caption = 🖨️ Poster QR untuk { $channel }. Cetak dan tempel di tempat yang ramai.
ref-poster-file = 📄 Berkas poster untuk dicetak (kualitas penuh).
ref-poster-no-links = Poster butuh tautan Telegram atau WhatsApp, dan keduanya belum diatur. Silakan hubungi admin.
ref-poster-which = Poster untuk tautan yang mana?
ref-poster-telegram = Poster Telegram
ref-poster-whatsapp = Poster WhatsApp

## Warga yang datang lewat kode tutor atau acara
ref-code-empty = Sepertinya Anda ingin mengetik kode tutor. Ketik "kode tutor" lalu kodenya, misalnya: kode tutor K7QM4T
ref-link-too-long =
    Maaf, tautan yang Anda buka terlalu panjang, jadi kodenya tidak terbaca.
    Minta tautan baru kepada tutor Anda, atau ketik: kode tutor lalu kodenya.
ref-link-broken =
    Maaf, kode di tautan itu rusak.
    Minta tautan baru kepada tutor Anda, atau ketik: kode tutor lalu kodenya.
ref-code-look-alike = Kode tutor tidak memakai huruf O, I, L atau angka 0 dan 1. Coba periksa lagi kodenya ya.
ref-code-shape = Kode tutor terdiri dari 6 huruf dan angka, misalnya K7QM4T. Coba periksa lagi ya.
ref-code-unknown =
    Kode { $code } tidak kami temukan. Coba periksa lagi kodenya ya.
    Anda tetap bisa memakai Tutor Sensus seperti biasa.
ref-code-inactive =
    Kode { $code } sudah tidak berlaku.
    Anda tetap bisa memakai Tutor Sensus seperti biasa.
ref-self = Ini kode tutor Anda sendiri. Bagikan ke warga, ya: warga yang datang lewat kode ini tercatat untuk Anda.
ref-tutor-not-counted = Anda terdaftar sebagai tutor, jadi kode tutor lain tidak dicatat untuk Anda. Terima kasih sudah ikut mengajak warga!
ref-thanks-tutor = ✅ Terima kasih! Anda datang lewat ajakan Tutor Sensus (kode { $code }).
ref-thanks-event = ✅ Terima kasih! Anda tercatat ikut acara "{ $event }".
ref-already-same = Kode ini sudah tercatat untuk Anda. Terima kasih!
ref-already-other = Anda sudah tercatat lewat ajakan sebelumnya, jadi kode ini tidak mengubah apa pun. Terima kasih!

## Saya membantu warga (completion.py dengan "assisted")
tutor-assisted-ask-kk =
    Catat keluarga yang Anda bantu mengisi (yang tidak punya HP).
    Ketik Nomor Kartu Keluarga (KK) mereka: 16 angka, di bagian atas Kartu Keluarga.
    Nomor ini tidak kami simpan, hanya kode acak darinya.
tutor-assisted-ask-kecamatan = Keluarga itu tinggal di kecamatan mana?
tutor-assisted-confirm = Keluarga yang Anda bantu (dicatat sebagai bantuan tutor):
tutor-assisted-saved = ✅ Terima kasih! Keluarga ini tercatat selesai mengisi, dengan bantuan Anda.
tutor-assisted-no-voucher = Keluarga yang dibantu tutor tidak mendapat voucher suvenir pada sensus ini.
tutor-assisted-voucher = Berikan kode voucher di bawah ini kepada keluarga tersebut.
tutor-assist-next = Bantu keluarga lain

## Admin: tutor dan acara (conversations/tutors/tutor_admin.py)
tutor-list-empty = Belum ada tutor yang terdaftar.
tutor-list-header = 👥 Tutor terdaftar: { $count } (aktif { $active }), urut dari yang paling banyak membantu:
tutor-list-line = { $rank }. { $name } · NIP { $nip } · { $opd } · kode { $code } · { $status } · keluarga sendiri { $own } · dibantu { $households } (langsung { $assisted })
tutor-list-more = …dan { $count } tutor lagi. Semuanya ada di berkas CSV.
tutor-list-file = 📄 Daftar semua tutor (CSV), dengan nama dan NIP. Simpan dengan aman.
tutor-opd-file = 📄 Peringkat per OPD (CSV).
tutor-status-active = aktif
tutor-status-revoked = dicabut
tutor-status-deleted = dihapus
tutor-revoke-usage = Cara mencabut tutor: /tutor_cabut NIP atau /tutor_cabut KODE. Contoh: /tutor_cabut K7QM4T
tutor-revoke-not-found = Tutor dengan NIP atau kode "{ $what }" tidak ditemukan.
tutor-revoke-already = Tutor { $name } sudah dicabut sebelumnya.
tutor-revoke-confirm =
    Cabut tutor ini?
    • { $name }
    • NIP { $nip }
    • { $opd }
    Kode { $code } tidak berlaku lagi. Warga yang sudah tercatat tetap dihitung.
tutor-revoke-yes = Ya, cabut
tutor-revoked-notice = Pendaftaran Anda sebagai Tutor Sensus dicabut oleh admin. Jika ini keliru, silakan hubungi admin.
tutor-revoke-done = ✅ Tutor { $name } sudah dicabut.
tutor-code-current = Kode pendaftaran tutor sekarang: { $code }. Ganti dengan /tutor_kode KODE_BARU
tutor-code-none = Belum ada kode pendaftaran tutor, jadi pendaftaran tertutup. Buat dengan /tutor_kode KODE_BARU
tutor-code-invalid = Kode pendaftaran: 4 sampai 64 huruf, angka, "-" atau "_", tanpa spasi. Contoh: /tutor_kode ASN-BATANG-2020
tutor-code-changed =
    ✅ Kode pendaftaran tutor sekarang: { $code }.
    Kode lama tidak berlaku lagi; tutor yang sudah terdaftar tetap aktif.
event-usage = Cara membuat acara: /acara_baru NAMA ACARA. Contoh: /acara_baru Isi Bersama di Pendopo
event-created = ✅ Acara "{ $name }" dibuat. Kode acara: { $code }
event-list-empty = Belum ada acara. Buat dengan /acara_baru NAMA ACARA.
event-list-header = 📅 Acara: { $count }. Tautan dan posternya: /acara KODE
event-list-line = • { $name } · kode { $code } · warga { $reached } · keluarga selesai { $households } ({ $persons } orang)

## Berhenti menerima pengingat (conversations/resident/optout.py)
optout-confirm =
    Berhenti menerima pengingat?
    Anda tidak akan menerima pengingat dan pesan siaran lagi.
    Balasan untuk pesan Anda sendiri tetap kami kirim.
optout-yes = Ya, berhenti
optout-no = Tidak
optout-done = ✅ Baik, Anda tidak akan menerima pengingat atau pesan siaran lagi.
optout-how-back = Ingin menerima pengingat lagi? Ketik MULAI kapan saja.
optout-already = Anda sudah berhenti menerima pengingat.
optout-kept = Baik, pengingat tetap kami kirim.
optin-done = ✅ Terima kasih! Anda akan menerima pengingat lagi.
optin-already = Anda memang sudah menerima pengingat. Ketik BERHENTI jika tidak ingin lagi.

## Pesan siaran dan pengingat untuk warga (bot/services/bulk.py)
bc-ready-deadline =
    ⏰ Bapak/Ibu, { $days ->
        [0] hari ini hari terakhir mengisi { $campaign } (sampai 23.59 { $tz }).
       *[other] batas pengisian { $campaign } tinggal { $days } hari lagi, sampai { $deadline }.
    }
    Isi di { $site }. Butuh panduan? Balas pesan ini.
bc-ready-visit =
    { field-visit }
    Petugas asli memakai kartu identitas BPS. Jangan berikan kata sandi kepada siapa pun.
bc-ready-thanks =
    🙏 Terima kasih, Bapak/Ibu, sudah ikut { $campaign }!
    Data Anda membantu membangun { $region }.
reminder-deadline =
    ⏰ Bapak/Ibu, { $days ->
        [0] hari ini hari terakhir mengisi { $campaign } (sampai 23.59 { $tz }).
       *[other] batas pengisian { $campaign } tinggal { $days } hari lagi, sampai { $deadline }.
    }
    Sudah sampai mana? Tekan Menu untuk melanjutkan panduan.
    Tidak ingin pengingat lagi? Ketik BERHENTI.
reminder-stopped =
    Bapak/Ibu, panduan Anda berhenti di langkah { $step }. Ada kendala?
    Tekan tombol di bawah untuk melanjutkan, atau ketik pertanyaan Anda.
    Tidak ingin pengingat lagi? Ketik BERHENTI.

## Admin: siaran (conversations/admin/broadcast.py)
bc-compose =
    📣 Pesan siaran
    Tulis pesannya dalam satu pesan (paling banyak { $max } huruf),
    atau pilih pesan siap pakai:
bc-ready-deadline-label = Pengingat batas waktu
bc-ready-visit-label = Kunjungan petugas
bc-ready-thanks-label = Ucapan terima kasih
bc-cancel-compose = Batal
bc-text-short = Pesannya terlalu pendek. Tulis pesan siaran lengkap, atau pilih pesan siap pakai.
bc-text-long = Pesannya { $count } huruf; paling banyak { $max } huruf. Mohon persingkat.
bc-segment-prompt =
    Pesan:
    “{ $message }”

    Kirim kepada siapa?
segment-everyone-label = Semua warga
segment-not_completed-label = Belum lapor selesai
segment-completed-label = Sudah lapor selesai
segment-started_not_completed-label = Mulai tapi belum selesai
segment-tutors-label = Semua tutor
segment-tutors_not_own-label = Tutor belum isi sendiri
segment-kecamatan-label = Satu kecamatan
segment-inactive-label = Tidak aktif N hari
segment-kecamatan-of = warga Kecamatan { $name }
segment-inactive-of = warga yang tidak aktif { $days } hari atau lebih
segment-stopped_in_tutorial-of = warga yang berhenti di panduan { $days } hari lalu
bc-kecamatan-prompt = Warga kecamatan mana?
bc-inactive-prompt = Tidak aktif berapa hari? Ketik angka 1 sampai { $max }.
bc-inactive-invalid = Mohon ketik angka hari, 1 sampai { $max }.
bc-preview =
    Periksa dulu:
    “{ $message }”

    Penerima: { $segment }: { $total } orang
bc-preview-split = • Telegram { $telegram } · WhatsApp { $whatsapp } · WhatsApp lewat template { $template } · konsol { $console }
bc-preview-opted-out = • { $count } orang memilih berhenti menerima pesan: tidak dikirimi.
bc-preview-template = • Di luar jendela 24 jam WhatsApp, pesan dikirim sebagai template "{ $name }".
bc-preview-no-template = ⚠️ Belum ada template WhatsApp untuk pesan ini: { $count } orang di luar jendela 24 jam dilewati.
bc-preview-limit = ⚠️ Batas harian WhatsApp { $limit } orang (pesan template) akan terlampaui; { $already } sudah terpakai. Sisanya menunggu hari berikutnya.
bc-preview-quiet = 🌙 Sekarang jam tenang: pengiriman mulai pukul { $until }.
bc-preview-nobody = Tidak ada penerima untuk pilihan ini. Pilih penerima lain.
bc-send = ✅ Kirim sekarang
bc-change-segment = Ganti penerima
bc-busy = Siaran #{ $id } masih berjalan. Tunggu sampai selesai, atau batalkan dulu.
bc-started = ✅ Siaran #{ $id } dimulai untuk { $total } orang. Pesan balasan untuk warga tetap didahulukan.
bc-progress-title = 📣 Siaran #{ $id } · { $segment }
bc-progress = Terkirim { $sent } / { $total } { $bar } { $percent } · gagal { $failed } · memblokir bot { $blocked }
bc-progress-skipped = Dilewati: { $count } (berhenti langganan atau tanpa template)
bc-progress-quiet = 🌙 Jam tenang: lanjut pukul { $until }.
bc-progress-paused = ⏸ Dijeda.
bc-progress-done = ✅ Selesai.
bc-progress-cancelled = ⛔ Dibatalkan. Tidak dikirim: { $count }.
bc-pause = ⏸ Jeda
bc-resume = ▶️ Lanjutkan
bc-cancel = ⛔ Batalkan
bc-paused = ⏸ Siaran #{ $id } dijeda.
bc-resumed = ▶️ Siaran #{ $id } dilanjutkan.
bc-not-running = Siaran #{ $id } sudah tidak berjalan.
bc-cancel-confirm =
    Batalkan siaran #{ $id }?
    { $left } orang belum dikirimi dan tidak akan dikirimi.
bc-cancel-yes = Ya, batalkan
bc-cancel-no = Tidak
bc-cancelled = ⛔ Siaran #{ $id } dibatalkan.

## Admin: statistik (conversations/reporting/stats.py, charts.py)
stats-header = 📊 Kemajuan per kecamatan · { $date }
stats-target = Target: { $share } penduduk mengisi online. Persen dan bar: bagian dari target (orang mengisi / target orang). Urut dari yang paling maju.
stats-kecamatan-line = { $name }{ $mark }: { $bar } { $percent } · { $persons }/{ $target } orang · { $households } KK{ $assisted } · mulai { $started }
stats-total-line = Total: { $bar } { $percent } · { $persons }/{ $target } orang · { $households } KK{ $assisted } · mulai { $started }
stats-total-population = Dari seluruh penduduk: { $percent } sudah mengisi online (target { $share }).
stats-assisted = (dibantu tutor { $count })
stats-unknown-line = Kecamatan tidak diketahui: { $households } KK, { $persons } orang · mulai { $started }
stats-outside-line = KK dari luar daerah: { $households } KK, { $persons } orang (tidak dihitung)
stats-uncertain = * Jumlah penduduk { $names } belum pasti; targetnya perkiraan.
stats-funnel-header = 🪜 Panduan: { $started } warga mulai. Sampai langkah · berhenti di langkah itu:
stats-funnel-line = { $n }. { $title }: { $reached } · berhenti { $stopped }
stats-funnel-done = Selesai panduan: { $done } · keluarga lapor selesai: { $completed }
stats-vouchers = 🎁 Voucher: { $issued } diberikan · { $redeemed } ditukar · sisa stok { $left }
stats-stock-line = • { $souvenir }: sisa { $left } dari { $total }
stats-visits = 🏠 Minta didatangi petugas: { $count } keluarga
stats-channels-header = 💬 Per kanal:
stats-channel-line = • { $channel }: { $people } orang · mulai { $started } · selesai { $households } KK ({ $persons } orang) · berhenti langganan { $opted } · memblokir { $blocked }
stats-opd-header = 🏛️ OPD teratas:
stats-opd-line = { $rank }. { $opd }: { $households } KK ({ $persons } orang, dibantu langsung { $assisted }) · ASN { $tutors }
stats-tutors-header = 👩‍🏫 Tutor teratas:
stats-tutor-line = { $rank }. { $name } ({ $opd }): { $households } KK, dibantu langsung { $assisted }
stats-none = • belum ada
stats-chart-caption = 📈 Atas: kemajuan per kecamatan dalam % dari target (garis 100% = { $share } penduduk), seperti teks. Bawah: keluarga selesai per hari.
chart-title = Kemajuan sensus online, { $region }
# The PNG chart's units are the text's: progress against the target (target = 100%).
chart-progress-axis = % dari target (target = { $share } penduduk mengisi online)
chart-target-line = target ({ $share } penduduk)
chart-value = { $percent } dari target · { $persons } orang
chart-online = lapor sendiri
chart-assisted = dibantu tutor
chart-per-day = Keluarga selesai per hari
chart-households-axis = keluarga

## Admin: ekspor (conversations/admin/reports.py, exports.py)
export-prompt = 📄 Tabel mana yang ingin diunduh? Anda menerima berkas Excel (XLSX), satu sheet per tabel. (CSV: /ekspor completions csv)
export-all-label = Semua tabel
export-stats-label = Statistik per kecamatan
export-funnel-label = Tahapan panduan
export-completions-label = Keluarga selesai
export-visits-label = Minta didatangi
export-vouchers-label = Voucher
export-tutors-label = Tutor (nama, NIP)
export-opd-label = Peringkat OPD
export-empty = Belum ada data untuk tabel "{ $table }".
export-empty-all = Belum ada data untuk diekspor pada tabel yang dipilih.
export-file = 📄 { $table }: { $count } baris. Nomor KK hanya tersamar. Simpan berkas ini dengan aman.
export-file-many = 📄 { $sheets } sheet, { $count } baris. Nomor KK hanya tersamar. Simpan berkas ini dengan aman.
report-preparing = ⏳ Laporan sedang disiapkan… Saya kirim di sini begitu siap.
report-failed = Maaf, laporan gagal disiapkan. Silakan coba lagi sebentar lagi.
report-interrupted = Maaf, laporan Anda tidak dapat disiapkan karena bot berhenti di tengah jalan. Silakan minta lagi.
export-part = Bagian { $part } dari { $parts }: berkas dibagi agar tidak melebihi batas ukuran kiriman.

## Ingatkan saya besok (conversations/resident/remind.py)
remind-tomorrow-button = Ingatkan saya besok
remind-tomorrow-set = ✅ Baik, saya ingatkan besok, { $day } pukul { $at }. Siapkan Kartu Keluarga (KK) Anda ya.
remind-tomorrow-already = Pengingat untuk besok sudah tercatat.
remind-tomorrow-opted-out = Anda memilih berhenti menerima pengingat. Ketik MULAI dulu, lalu tekan lagi tombol ini.
remind-tomorrow-too-late =
    { $online ->
        [open] Besok pengisian sudah ditutup. Hari ini hari terakhir (sampai 23.59 { $tz }): isi sekarang ya.
       *[other] Pengisian { $campaign } sudah ditutup pada { $close_date }, jadi tidak ada pengingat lagi.
    }
remind-opening-button = Ingatkan saat dibuka
remind-opening-set = ✅ Baik, saya ingatkan pada { $open_date } pukul { $at }, saat { $campaign } dibuka.
reminder-opening =
    ⏰ Bapak/Ibu, { $campaign } dibuka hari ini, sampai { $close_date }.
    Isi di { $site }. Tekan Menu untuk mulai panduan.
    Tidak ingin pengingat lagi? Ketik BERHENTI.
reminder-tomorrow =
    ⏰ Bapak/Ibu, kemarin Anda minta diingatkan hari ini.
    Kartu Keluarga (KK) sudah di tangan? Tekan Menu untuk melanjutkan panduan.
    Tidak ingin pengingat lagi? Ketik BERHENTI.

## Admin: catatan audit (conversations/admin/reports.py)
export-audit-label = Catatan audit
audit-empty = Belum ada tindakan admin atau petugas yang tercatat.
audit-header = 🧾 { $count } tindakan terakhir admin dan petugas (semuanya: /ekspor audit):
audit-line = { $at } · { $who } · { $what } { $detail }
audit-broadcast = siaran dimulai
audit-broadcast-pause = siaran dijeda
audit-broadcast-resume = siaran dilanjutkan
audit-broadcast-cancel = siaran dibatalkan
audit-admin-stats = melihat statistik
audit-admin-export = mengunduh tabel
audit-voucher-redeemed = menukarkan voucher
audit-tutor-revoked = mencabut tutor
audit-tutor-code-changed = mengganti kode pendaftaran tutor
audit-event-created = membuat acara
audit-handoff-answered = menjawab pertanyaan warga
audit-visit-state = mengubah status kunjungan
audit-web-signin = masuk ke dasbor web
audit-from-web = dari dasbor web
audit-as-admin = sebagai admin
audit-as-staff = sebagai petugas

## Bantuan untuk admin (conversations/resident/menu.py)
help-admin =
    Perintah admin:
    • /statistik kemajuan per kecamatan, panduan, voucher, grafik
    • /siaran kirim pesan ke banyak warga
    • /ekspor unduh tabel (Excel/CSV) · /audit catatan tindakan
    • /tutor_daftar, /acara_baru, /tutor_kode
