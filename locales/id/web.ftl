## The web dashboard under /admin/ (bot/web/). Short labels: a phone shows them too.

web-title = Dasbor Tutor Sensus
web-skip = Langsung ke isi
web-nav-label = Menu dasbor
web-nav-overview = Ringkasan
web-nav-funnel = Funnel
web-nav-visits = Kunjungan
web-nav-souvenirs = Suvenir
web-nav-tutors = Tutor
web-nav-broadcasts = Siaran
web-nav-questions = Pertanyaan
web-nav-audit = Audit
web-signed-in-as = Masuk sebagai { $who } ({ $role })
web-role-admin = admin
web-role-staff = petugas
web-sign-out = Keluar
web-language = English
web-language-switch = Ganti bahasa ke English
web-notices = Pemberitahuan

## Sign-in and refusals
web-signin-title = Masuk ke dasbor
web-signin-text = Tautan ini hanya berlaku sekali dan 10 menit. Tekan tombol untuk masuk.
web-signin-button = Masuk
web-link-invalid = Tautan masuk ini tidak berlaku lagi: sudah dipakai, sudah lewat 10 menit, atau bukan tautan dari bot. Kirim /dasbor di chat untuk tautan baru.
web-signed-out = Anda belum masuk, atau sesi Anda berakhir karena lama tidak dipakai. Kirim /dasbor di chat untuk tautan masuk.
web-signed-off = Anda sudah keluar. Kirim /dasbor di chat untuk masuk lagi.
web-forbidden = Halaman ini bukan untuk peran Anda.
web-csrf = Formulir ini sudah kedaluwarsa. Muat ulang halaman lalu coba lagi.
web-error = Maaf, ada gangguan pada halaman ini. Tidak ada yang hilang; coba lagi sebentar lagi.
web-back = Kembali ke dasbor

## Ringkasan
web-overview-title = Ringkasan
web-live-note = Angka bertanda ● diperbarui langsung.
web-total-households = Keluarga (KK) selesai
web-total-persons = Orang selesai
web-total-target = Target orang ({ $share })
web-total-progress = Capaian (% dari target)
web-total-population = { $percent } dari seluruh penduduk
web-total-started = Mulai panduan
web-today = Hari ini
web-yesterday = Kemarin
web-vouchers-redeemed = Voucher ditukar
web-per-kecamatan = Per kecamatan
web-col-kecamatan = Kecamatan
web-col-started = Mulai
web-col-households = KK
web-col-persons = Orang
web-col-target = Target
web-col-progress = Capaian (% dari target)
web-col-population = % penduduk
web-col-assisted = Dibantu tutor
web-total-row = Jumlah
web-uncertain = * Jumlah penduduk belum pasti: { $names }. Targetnya perkiraan.
web-charts = Grafik
web-channels = Per kanal
web-col-channel = Kanal
web-col-people = Warga
web-col-opted = Berhenti
web-col-blocked = Memblokir

## Funnel
web-funnel-title = Funnel panduan
web-funnel-period = Periode
web-funnel-from = Dari
web-funnel-until = Sampai
web-funnel-show = Tampilkan
web-funnel-started = { $count } warga mulai panduan pada periode ini.
web-col-step = Langkah
web-col-reached = Sampai
web-col-stopped = Berhenti di sini
web-col-problems = Masalah yang paling sering dibuka
web-funnel-none = Belum ada.

## Kunjungan
web-visits-title = Permintaan kunjungan petugas
web-filter = Saring
web-filter-all = Semua
web-col-desa = Desa/Kelurahan
web-col-rt-rw = RT/RW
web-col-phone = Telepon
web-col-asked = Diminta
web-col-state = Status
web-col-changed = Diubah
web-col-action = Ubah ke
web-visits-none = Tidak ada permintaan dengan saringan ini.
web-visit-state-baru = baru
web-visit-state-dijadwalkan = dijadwalkan
web-visit-state-dikunjungi = dikunjungi
web-visit-state-tidak-ditemui = tidak ditemui
web-visit-moved = Permintaan #{ $id } sekarang: { $state }.
web-visit-stale = Permintaan #{ $id } sudah diubah orang lain. Lihat statusnya sekarang.
web-export = Unduh daftar ini
web-visit-counts = Baru { $baru } · dijadwalkan { $dijadwalkan } · dikunjungi { $dikunjungi } · tidak ditemui { $tidak }

## Suvenir
web-souvenirs-title = Suvenir
web-stock = Stok
web-col-souvenir = Suvenir
web-col-left = Sisa
web-col-total = Jumlah
web-col-day = Tanggal
web-col-issued = Diterbitkan
web-col-redeemed = Ditukar
web-redeem-title = Tukar voucher
web-redeem-code = Kode voucher
web-redeem-hint = Contoh: K7QM-4TXR-9WBF (12 huruf dan angka). Ketik, atau pindai QR dengan kamera.
web-redeem-check = Periksa
web-redeem-scan = Pindai QR
web-redeem-scan-stop = Berhenti memindai
web-redeem-no-camera = Kamera atau pemindai QR tidak tersedia di peramban ini. Ketik kodenya.
web-redeem-details = Voucher { $code }
web-redeem-kk = KK
web-redeem-persons = Orang
web-redeem-kecamatan = Kecamatan
web-redeem-status-open = Belum ditukar. Cocokkan KK pada kartu dengan angka di atas.
web-redeem-status-redeemed = Sudah ditukar { $at } oleh { $by }. Jangan berikan suvenir lagi.
web-redeem-status-expired = Voucher ini berakhir { $day }.
web-redeem-confirm = Ya, serahkan suvenir
web-vouchers-days = Per hari (14 hari terakhir)
web-vouchers-none = Belum ada voucher.

## Tutor
web-tutors-title = Tutor dan OPD
web-opd-board = Peringkat OPD
web-tutor-board = Peringkat tutor
web-events = Acara
web-col-rank = No.
web-col-opd = OPD
web-col-name = Nama
web-col-tutors = ASN terdaftar
web-col-reached-people = Warga dijangkau
web-col-code = Kode
web-col-links = Tautan
web-col-poster = Poster
web-poster-download = Poster { $channel }
web-none-yet = Belum ada.

## Siaran
web-broadcasts-title = Siaran
web-bc-current = Siaran #{ $id }
web-bc-status-running = berjalan
web-bc-status-paused = dijeda
web-bc-status-done = selesai
web-bc-status-cancelled = dibatalkan
web-bc-progress = Terkirim { $sent } dari { $total } · gagal { $failed } · memblokir { $blocked } · dilewati { $skipped }
web-bc-pause = Jeda
web-bc-resume = Lanjutkan
web-bc-cancel = Batalkan
web-bc-compose = Tulis siaran
web-bc-ready = Pesan siap pakai
web-bc-own = Tulis sendiri
web-bc-text = Teks siaran (paling banyak { $max } huruf)
web-bc-segment = Penerima
web-bc-kecamatan = Kecamatan
web-bc-days = Tidak aktif sekian hari (1–{ $max })
web-bc-preview = Pratinjau
web-bc-preview-title = Pratinjau
web-bc-send = Kirim siaran
web-bc-segment-invalid = Pilih penerima: untuk "tidak aktif", isi jumlah hari 1–{ $max }; untuk kecamatan, pilih kecamatannya.
web-bc-cancel-title = Batalkan siaran #{ $id }?
web-bc-cancel-text = { $left } penerima belum dikirimi dan tidak akan menerimanya.
web-bc-cancel-yes = Ya, batalkan
web-bc-cancel-no = Tidak, kembali

## Pertanyaan
web-questions-title = Pertanyaan warga
web-questions-none = Tidak ada pertanyaan yang menunggu.
web-question = Pertanyaan #{ $id }
web-question-from = { $channel }, { $at }
web-question-claimed-by = Sedang dijawab oleh { $who }
web-question-claim = Ambil untuk dijawab
web-question-claimed = Pertanyaan #{ $id } Anda ambil. Tulis jawabannya di bawah pertanyaan.
web-answer = Jawaban
web-answer-start = Mulai dari jawaban FAQ
web-answer-start-none = (tulis sendiri)
web-answer-send = Kirim jawaban
web-answer-empty = Tulis jawabannya dulu (paling banyak { $max } huruf).

## Audit
web-audit-title = Catatan audit
web-audit-kind = Tindakan
web-audit-who = Oleh (kanal:id)
web-audit-day = Tanggal
web-col-when = Waktu
web-col-who = Oleh
web-col-what = Tindakan
web-col-detail = Rincian
web-audit-none = Tidak ada catatan dengan saringan ini.
