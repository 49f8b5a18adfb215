# SP2020 Online (Kabupaten Batang): langkah panduan, masalah umum, daftar dokumen, jawaban.
# Fakta hanya dari domain/SP2020.md. Yang belum pasti ditulis "biasanya" / "menurut BPS".
# Tanggal, situs, dan kontak datang dari file kampanye sebagai variabel, seperti yang diketahui
# pada hari itu (timeline); $online dan $field memilih bentuk waktu (akan, sedang, sudah).

## Tahapan (campaigns/sp2020-batang.toml, [[timeline.phases]]): catatan di menu dan /bantuan
phase-before_open =
    { $campaign } belum dibuka. Pengisian dibuka { $days_to_open ->
        [1] besok, { $open_date },
       *[other] { $open_date } ({ $days_to_open } hari lagi),
    } sampai { $close_date }. Anda bisa belajar langkah-langkahnya dulu.
phase-open = { $campaign } dibuka sampai { $close_date }. { deadline-days }
phase-extended = { $close_news } { deadline-days }
phase-online_closed =
    { $campaign } sudah ditutup pada { $close_date }.
    { field-visit }
phase-field_stage =
    { $campaign } sudah ditutup pada { $close_date }.
    { field-visit }
phase-after_field_stage =
    { $campaign } sudah ditutup pada { $close_date }.
    { field-visit }

## Pengumuman ([[timeline.announcements]]); $was: nilai yang diganti
news-perpanjangan = { $campaign } semula sampai { $was }, lalu diperpanjang sampai { $close_date } karena pandemi COVID-19.
news-pindah_september = Semula direncanakan { $was }, lalu kunjungan petugas dipindah ke { $field_stage } karena pandemi COVID-19.
news-tanpa_perpanjangan = Tidak ada perpanjangan lagi.

## Langkah 1: dokumen
step-siapkan_dokumen-title = Siapkan dokumen
step-siapkan_dokumen-body =
    Sebelum mulai, siapkan:
    • Kartu Keluarga (KK)
    • NIK setiap anggota keluarga (ada di KTP atau KK)
    • Jika ada: buku nikah atau akta cerai, akta kelahiran, surat keterangan kematian
    Pengisian rata-rata 5 menit per orang.
    Pakai HP atau komputer dengan sinyal yang baik.
problem-tidak_ada_buku_nikah-label = Tidak punya buku nikah
problem-tidak_ada_buku_nikah-body =
    Tidak apa-apa.
    Buku nikah, akta cerai, dan akta lain hanya disiapkan jika ada.
    Anda tetap bisa lanjut mengisi tanpa dokumen itu.
problem-tanpa_internet-label = Tidak ada internet/HP
problem-tanpa_internet-body =
    Tidak punya internet atau HP? Tidak apa-apa.
    { $online ->
        [closed] { field-visit }
       *[other] • Minta bantuan keluarga, tetangga, atau ASN di desa Anda.
            • Atau tunggu petugas sensus. { field-visit }
    }

## Langkah 2: situs resmi
step-buka_situs-title = Buka situs resmi
step-buka_situs-body =
    Buka browser di HP Anda (Chrome, Firefox, atau lainnya).
    Ketik sendiri alamat ini: { $site }
    Lalu pilih bahasa.
    Penting: hanya { $site } yang resmi.
    BPS tidak membuat aplikasi sensus di Play Store.
    BPS tidak pernah meminta nama ibu kandung atau uang.
problem-situs_palsu-label = Ragu link/aplikasi asli
problem-situs_palsu-body =
    ⚠️ Hati-hati penipuan.
    • Situs resmi hanya { $site }.
    • BPS tidak membuat aplikasi sensus di Play Store atau App Store.
    • BPS tidak pernah meminta nama ibu kandung, uang, atau kata sandi.
    • Jangan isi formulir lain (misalnya Google Form) yang mengaku dari sensus.
    Masih ragu? Tanyakan ke { $office }.
problem-situs_lambat-label = Situs lambat/error
problem-situs_lambat-body =
    Situs lambat atau tidak terbuka?
    • Cari sinyal yang lebih kuat, atau pakai Wi-Fi.
    • Sinyal lemah membuat halaman tidak termuat sempurna. Muat ulang halamannya.
    • Coba browser lain (Chrome, Firefox, Opera).
    • Situs paling ramai menjelang batas waktu{ $online ->
        [closed] .
       *[other] . Isi lebih awal.
    }

## Langkah 3: NIK dan KK
step-masuk_nik_kk-title = Masuk dengan NIK dan KK
step-masuk_nik_kk-body =
    Di { $site }, isi:
    • NIK salah satu anggota keluarga
    • Nomor KK (16 angka, di bagian atas Kartu Keluarga)
    • Kode keamanan (captcha) yang tampil
    Lalu tekan "Cek Keberadaan".
    Jika data ditemukan, Anda lanjut ke langkah berikutnya.
problem-kode_104-label = NIK/KK tidak cocok (104)
problem-kode_104-body =
    ⚠️ Muncul "NIK atau Nomor KK tidak sesuai (kode 104)"?
    1. Periksa lagi angkanya, satu per satu.
    2. Coba NIK anggota keluarga yang lain.
    3. Kalau KK Anda baru, coba nomor KK lama. Lalu isi keadaan keluarga sekarang.
    Masih belum bisa? Tidak apa-apa. { field-visit }
problem-captcha-label = Captcha bermasalah
problem-captcha-body =
    Kode keamanan (captcha) tidak tampil atau ditolak?
    • Ketik kodenya persis seperti yang tampil.
    • Kalau tidak terbaca, muat ulang halaman untuk mendapat kode baru.
    • Sinyal lemah bisa membuat kode tidak tampil. Coba lagi di tempat dengan sinyal lebih baik.
problem-isi_keduanya-label = Hanya isi NIK atau KK
problem-isi_keduanya-body =
    NIK dan Nomor KK harus diisi dua-duanya.
    Keduanya harus pasangan: NIK orang yang tercatat di KK itu.
    Tidak harus NIK kepala keluarga. NIK anggota mana pun di KK itu boleh.

## Langkah 4: kata sandi
step-buat_password-title = Buat kata sandi
step-buat_password-body =
    Saat pertama masuk:
    • Buat kata sandi (password), lalu ketik sekali lagi.
    • Pilih satu pertanyaan keamanan dan isi jawabannya.
    • Tekan "Buat Password".
    Catat kata sandi dan jawabannya di tempat aman.
    Satu KK memakai satu kata sandi.
    Lain kali cukup isi kata sandi, lalu tekan "Masuk".
    Setelah itu baca panduannya, lalu tekan "Mulai Mengisi".
problem-password_keluarga-label = Sandi dibuat keluarga
problem-password_keluarga-body =
    Satu KK hanya punya satu kata sandi.
    Kalau anggota keluarga lain sudah membuatnya, masuk dengan NIK Anda sendiri dan kata sandi yang sama.
    Tanyakan kata sandinya kepada anggota keluarga itu.
    Jangan berikan kata sandi kepada orang di luar keluarga, termasuk kepada saya.
problem-lupa_password-label = Lupa kata sandi
problem-lupa_password-body =
    Lupa kata sandi?
    Menurut BPS, pertanyaan keamanan disiapkan untuk berjaga-jaga jika Anda lupa kata sandi. Siapkan jawabannya, lalu ikuti petunjuk di situs.
    Bisa juga tanyakan ke anggota keluarga yang pernah masuk, karena satu KK memakai satu kata sandi.

## Langkah 5: keterangan keluarga
step-keterangan_keluarga-title = Keterangan keluarga
step-keterangan_keluarga-body =
    Isi alamat tempat keluarga tinggal sekarang: provinsi, kabupaten, kecamatan, desa/kelurahan, RT/RW, jalan, nomor rumah.
    Lalu jawab pertanyaan tentang rumah:
    • status kepemilikan rumah
    • sumber penerangan (listrik)
    • sumber air minum
    • kepemilikan jamban
    • jenis lantai terluas
problem-alamat_domisili-label = Alamat beda dengan KTP
problem-alamat_domisili-body =
    Isi alamat tempat keluarga biasa tinggal sekarang, walaupun berbeda dengan alamat di KTP atau KK.
    Menurut BPS, yang dicatat adalah tempat tinggal sehari-hari.
problem-simpan_sementara-label = Mau lanjut nanti
problem-simpan_sementara-body =
    Tekan "Simpan Sementara". Data yang sudah diisi akan tersimpan.
    Nanti masuk lagi dengan NIK, Nomor KK, dan kata sandi yang sama, lalu lanjutkan.

## Langkah 6: anggota keluarga
step-anggota_keluarga-title = Daftar anggota keluarga
step-anggota_keluarga-body =
    Layar ini menampilkan anggota keluarga sesuai data KK.
    Periksa satu per satu:
    • Ada bayi atau orang lain yang tinggal di rumah Anda tapi belum ada di daftar? Tambahkan dengan tombol di bawah daftar.
    • Ada yang meninggal atau pindah? Perbarui keterangannya.
    Isi mulai dari kepala keluarga, lalu istri/suami, anak, dan lainnya.
problem-anggota_meninggal_pindah-label = Anggota meninggal/pindah
problem-anggota_meninggal_pindah-body =
    Ada anggota keluarga yang meninggal atau pindah?
    • Ubah keterangannya di Daftar Anggota Keluarga, sesuai pilihan yang ada di layar.
    • Jika meninggal, siapkan surat keterangan kematian jika ada.
problem-anggota_baru-label = Bayi/anggota baru
problem-anggota_baru-body =
    Tambahkan dengan tombol di bawah Daftar Anggota Keluarga:
    • bayi yang baru lahir
    • orang yang sudah tinggal di rumah Anda 1 tahun atau lebih (misalnya saudara atau asisten rumah tangga)
    • orang yang tinggal kurang dari 1 tahun tapi berniat menetap

## Langkah 7: data setiap anggota
step-data_penduduk-title = Data setiap anggota
step-data_penduduk-body =
    Isi data setiap anggota, satu per satu (sekitar 21 pertanyaan), misalnya:
    • jenis kelamin, tempat dan tanggal lahir
    • hubungan dengan kepala keluarga
    • agama, suku bangsa, kewarganegaraan
    • status perkawinan, pendidikan tertinggi
    • kegiatan sehari-hari dan pekerjaan
    Nama, NIK, dan Nomor KK biasanya sudah terisi.
problem-tinggal_di_luar-label = Anggota tinggal di luar
problem-tinggal_di_luar-body =
    Ada anggota yang kuliah, bekerja, atau merantau di tempat lain?
    Menurut BPS, setiap orang dicatat di tempat ia biasa tinggal sekarang.
    Situs menanyakan untuk setiap anggota apakah alamatnya sama dengan alamat keluarga. Jawab sesuai keadaan sebenarnya.
    Anggota itu juga bisa mengisi sendiri dengan NIK-nya dan kata sandi keluarga.
problem-waktu_pengisian-label = Berapa lama mengisinya?
problem-waktu_pengisian-body =
    Rata-rata sekitar 5 menit per orang. Keluarga 4 orang kira-kira 20 menit.
    Tidak harus sekali jalan: tekan "Simpan Sementara", lalu lanjutkan nanti.

## Langkah 8: periksa dan kirim
step-kirim-title = Periksa dan kirim
step-kirim-body =
    Di halaman Ringkasan:
    • Tekan "Lihat" untuk memeriksa jawaban. Masih bisa diubah sebelum dikirim.
    • Pastikan setiap anggota berstatus "Sudah Update".
    • Lalu tekan "Kirim".
    Setelah dikirim, data tidak bisa diubah lewat situs. Periksa dengan teliti.
problem-belum_sudah_update-label = Belum "Sudah Update"
problem-belum_sudah_update-body =
    Sebelum menekan "Kirim", semua anggota harus berstatus "Sudah Update".
    Buka anggota yang belum, lengkapi datanya sampai selesai, lalu periksa daftarnya lagi.
problem-salah_data-label = Terlanjur salah kirim
problem-salah_data-body =
    Data yang sudah dikirim tidak bisa diperbaiki lewat situs.
    Menurut BPS, kesalahan akan dipastikan oleh petugas di lapangan.
    Sampaikan perubahan data kepada ketua RT Anda.

## Langkah 9: bukti pengisian
step-bukti_pengisian-title = Simpan bukti pengisian
step-bukti_pengisian-body =
    Setelah menekan "Kirim", Anda bisa:
    • mengunduh bukti pengisian, atau
    • mengirimnya ke email Anda (ketik alamat email).
    Simpan bukti itu sebagai arsip.
    Selesai! Terima kasih sudah mengisi.
problem-bukti_hilang-label = Bukti hilang/tidak ada
problem-bukti_hilang-body =
    Simpan bukti segera setelah menekan "Kirim": unduh, atau kirim ke email Anda.
    Menurut BPS, setelah pengisian online ditutup, petugas tidak bisa mengunduh bukti atau melihat jawaban online Anda.

## Daftar dokumen
checklist-nik-label = NIK (KTP atau KK)
checklist-nik-hint = 16 angka, untuk setiap anggota keluarga
checklist-kartu_keluarga-label = Kartu Keluarga (KK)
checklist-kartu_keluarga-hint = nomornya ada di bagian atas KK
checklist-buku_nikah-label = Buku nikah/akta cerai
checklist-buku_nikah-hint = Tidak ada? Tetap bisa mengisi.
checklist-akta_kelahiran-label = Akta kelahiran
checklist-akta_kelahiran-hint = Untuk anggota yang memilikinya
checklist-surat_kematian-label = Surat kematian
checklist-surat_kematian-hint = Jika ada anggota yang meninggal

## Pertanyaan umum: judul (maks. 24 huruf) dan jawaban
faq-cara_mengisi-label = Cara mengisi
faq-cara_mengisi-answer =
    Cara mengisi { $campaign }:
    1. Buka { $site }.
    2. Isi NIK, Nomor KK, dan captcha, lalu tekan "Cek Keberadaan".
    3. Buat kata sandi dan pertanyaan keamanan.
    4. Isi keterangan keluarga, daftar anggota, dan data setiap anggota.
    5. Periksa, tekan "Kirim", lalu simpan bukti pengisian.
    Mau dipandu satu per satu? Pilih "Mulai panduan" di menu.
faq-dokumen-label = Dokumen yang disiapkan
faq-dokumen-answer =
    📄 Siapkan:
    • Kartu Keluarga (KK)
    • NIK setiap anggota keluarga (ada di KTP atau KK)
    • Jika ada: buku nikah atau akta cerai, akta kelahiran, surat keterangan kematian
    Tidak punya buku nikah? Anda tetap bisa mengisi.
faq-situs_resmi-label = Alamat situs resmi
faq-situs_resmi-answer =
    Situs resminya hanya satu: { $site }
    Ketik sendiri alamat itu di browser.
    BPS tidak membuat aplikasi sensus di Play Store atau App Store.
    Hati-hati dengan link lain yang dikirim lewat pesan berantai.
faq-nik_kk_tidak_sesuai-label = NIK/KK tidak cocok (104)
faq-nik_kk_tidak_sesuai-answer =
    NIK atau Nomor KK tidak ditemukan (kode 104)?
    1. Periksa lagi angkanya, satu per satu.
    2. Coba NIK anggota keluarga yang lain.
    3. Kalau KK Anda baru, coba nomor KK lama. Lalu isi keadaan keluarga sekarang.
    Masih belum bisa? Tidak apa-apa. { field-visit }
faq-lupa_password-label = Lupa kata sandi
faq-lupa_password-answer =
    Menurut BPS, pertanyaan keamanan disiapkan untuk berjaga-jaga jika Anda lupa kata sandi. Siapkan jawabannya, lalu ikuti petunjuk di situs.
    Satu KK memakai satu kata sandi, jadi tanyakan juga ke anggota keluarga yang pernah masuk.
    Jangan berikan kata sandi kepada orang lain, termasuk kepada saya.
faq-satu_keluarga-label = Satu sandi untuk satu KK
faq-satu_keluarga-answer =
    Satu KK memakai satu kata sandi.
    Setiap anggota masuk dengan NIK-nya sendiri dan kata sandi yang sama.
    Satu orang boleh mengisi data seluruh keluarga, atau setiap anggota mengisi datanya sendiri.
faq-anak_kos-label = Merantau atau anak kos
faq-anak_kos-answer =
    Menurut BPS, setiap orang dicatat di tempat ia biasa tinggal sekarang, walaupun berbeda dengan alamat di KTP.
    Contoh dari BPS: mahasiswa asal Karawang yang setahun terakhir tinggal di rumah pamannya di Jakarta dicatat di alamat Jakarta.
    Situs menanyakan untuk setiap anggota apakah alamatnya sama dengan alamat keluarga. Anggota yang merantau juga bisa mengisi sendiri dengan kata sandi keluarga.
faq-anggota_meninggal_pindah-label = Anggota meninggal/pindah
faq-anggota_meninggal_pindah-answer =
    Ada anggota keluarga yang meninggal atau pindah?
    • Ubah keterangannya di Daftar Anggota Keluarga, sesuai pilihan yang ada di layar.
    • Jika meninggal, siapkan surat keterangan kematian jika ada.
faq-anggota_baru-label = Bayi/anggota baru
faq-anggota_baru-answer =
    Tambahkan dengan tombol di bawah Daftar Anggota Keluarga:
    • bayi yang baru lahir
    • orang yang sudah tinggal di rumah Anda 1 tahun atau lebih (misalnya saudara atau asisten rumah tangga)
    • orang yang tinggal kurang dari 1 tahun tapi berniat menetap
faq-batas_waktu-label = Batas waktu pengisian
faq-batas_waktu-answer =
    { $online ->
        [before] { $campaign } dibuka { $open_date }, sampai { $close_date } pukul 23.59 { $tz }.
        [open] { $extended ->
            [yes] Dibuka sejak { $open_date }. { $close_news }
           *[no] { $campaign } dibuka sejak { $open_date }, sampai { $close_date } pukul 23.59 { $tz }.
        }
        { deadline-days }
       *[closed] { $campaign } dibuka { $open_date } dan sudah ditutup pada { $close_date } pukul 23.59 { $tz }{ $extended ->
            [yes] {" "}(semula sampai { $first_close_date }, lalu diperpanjang karena pandemi COVID-19).
           *[no] .
        }
    }
    { field-visit }
faq-tanpa_internet-label = Tidak ada internet/HP
faq-tanpa_internet-answer =
    Tidak punya internet atau HP, atau belum terbiasa? Tidak apa-apa.
    { $online ->
        [closed] { field-visit }
       *[other] • Minta bantuan keluarga, tetangga, atau ASN di desa Anda.
            • Atau tunggu petugas sensus. { field-visit }
    }
faq-gangguan_situs-label = Situs lambat atau error
faq-gangguan_situs-answer =
    Situs lambat atau tidak terbuka?
    • Cari sinyal yang lebih kuat, atau pakai Wi-Fi.
    • Sinyal lemah membuat halaman tidak termuat sempurna. Muat ulang halamannya.
    • Coba browser lain (Chrome, Firefox, Opera), di HP atau komputer.
    • Situs paling ramai menjelang batas waktu{ $online ->
        [closed] .
       *[other] . Isi lebih awal.
    }
faq-captcha-label = Kode captcha
faq-captcha-answer =
    Kode keamanan (captcha) tidak tampil atau ditolak?
    • Ketik kodenya persis seperti yang tampil.
    • Kalau tidak terbaca, muat ulang halaman untuk mendapat kode baru.
    • Sinyal lemah bisa membuat kode tidak tampil. Coba lagi di tempat dengan sinyal lebih baik.
faq-wajib-label = Wajibkah ikut sensus?
faq-wajib-answer =
    Ya, sensus penduduk wajib diikuti.
    Menurut Undang-Undang No. 16 Tahun 1997 tentang Statistik, warga memberikan keterangan yang diperlukan untuk sensus.
    { $online ->
        [closed] { field-visit }
       *[other] Mengisi online adalah pilihan. Belum sempat? { field-visit }
    }
# Asked about fines: the answer starts with them (domain: no fine is known for not filling in
# online; the field stage still applies).
faq-wajib-fine-answer =
    Tidak mengisi online biasanya tidak dikenai denda. Mengisi online adalah pilihan.
    { $field ->
        [over] Tetapi sensus tetap wajib. { field-visit }
            Mohon berikan keterangan yang diminta BPS (Undang-Undang No. 16 Tahun 1997 tentang Statistik).
       *[other] Tetapi sensus tetap wajib: petugas akan mendata keluarga Anda { $field_sure ->
                [no] setelah pengisian online ditutup (jadwalnya diumumkan BPS).
               *[yes] pada { $field_stage } ({ $field_stage_period }).
            }
            Saat petugas datang, mohon berikan keterangan yang diminta (Undang-Undang No. 16 Tahun 1997 tentang Statistik).
    }
faq-kerahasiaan-label = Keamanan data saya
faq-kerahasiaan-answer =
    Data Anda dijamin kerahasiaannya oleh Undang-Undang No. 16 Tahun 1997 tentang Statistik.
    BPS hanya menerbitkan angka gabungan, tidak pernah data perorangan.
    Keamanan sistem online disiapkan bersama BSSN dan Kominfo.
faq-penipuan-label = Waspada penipuan
faq-penipuan-answer =
    ⚠️ Waspada penipuan:
    • Situs resmi hanya { $site }.
    • BPS tidak membuat aplikasi sensus di Play Store atau App Store.
    • Sensus tidak menanyakan nama ibu kandung. Siapa pun yang memintanya adalah penipu.
    • Sensus tidak meminta uang atau kata sandi.
    { $field ->
        [over] • { $field_stage } sudah selesai. Hati-hati dengan orang yang mengaku petugas sensus sekarang.
       *[other] • Petugas resmi datang { $field_sure ->
            [no] setelah pengisian online ditutup
           *[yes] pada { $field_stage } ({ $field_stage_period })
        }, dengan surat tugas.
    }
faq-bukti_pengisian-label = Bukti pengisian
faq-bukti_pengisian-answer =
    Setelah menekan "Kirim", Anda bisa mengunduh bukti pengisian atau mengirimnya ke email Anda.
    Simpan bukti itu sebagai arsip.
    Menurut BPS, setelah pengisian online ditutup, petugas tidak bisa mengunduh bukti atau melihat jawaban online Anda.
faq-ubah_data-label = Salah isi, mau diubah
faq-ubah_data-answer =
    Belum menekan "Kirim"? Tekan "Lihat" di halaman Ringkasan, lalu ubah jawabannya.
    Sudah dikirim? Data tidak bisa diperbaiki lewat situs. Menurut BPS, kesalahan akan dipastikan oleh petugas di lapangan.
    Sampaikan perubahan data kepada ketua RT Anda.
faq-durasi-label = Lama pengisian
faq-durasi-answer =
    Rata-rata sekitar 5 menit per orang. Keluarga 4 orang kira-kira 20 menit.
    Tidak harus sekali jalan: tekan "Simpan Sementara", lalu lanjutkan nanti.
faq-simpan_sementara-label = Simpan, lanjut nanti
faq-simpan_sementara-answer =
    Tekan "Simpan Sementara". Data yang sudah diisi akan tersimpan.
    Nanti masuk lagi dengan NIK, Nomor KK, dan kata sandi yang sama, lalu lanjutkan.
faq-petugas_datang-label = Apakah petugas datang?
faq-petugas_datang-answer =
    Keluarga yang sudah lengkap mengisi online tidak didata ulang.
    { field-visit } { $field_news }
    Ciri petugas resmi:
    • rompi biru tua berlogo BPS dan SP2020, tulisan "PETUGAS SENSUS" di punggung
    • kartu identitas dengan kode QR
    • surat tugas dari BPS kabupaten/kota
faq-wna-label = Warga negara asing
faq-wna-answer =
    Warga negara asing yang tinggal, atau berniat tinggal, di Indonesia minimal 1 tahun juga didata.
    Pemegang ITAS atau ITAP meminta kode akses lewat email joinsp2020@bps.go.id. Sertakan nama, nomor paspor, nomor izin tinggal, dan foto atau scan paspor.
faq-luar_negeri-label = Tinggal di luar negeri
faq-luar_negeri-answer =
    WNI yang tinggal di luar negeri umumnya tidak didata dalam sensus ini, kecuali keluarga staf perwakilan RI (kedutaan atau konsulat).
    Untuk kepastian, tanyakan ke BPS lewat { $social }.
faq-daftar_pertanyaan-label = Pertanyaan yang diisi
faq-daftar_pertanyaan-answer =
    Ada sekitar 21 pertanyaan:
    • Data diri: nama, NIK, alamat, lama tinggal, jenis kelamin, tempat dan tanggal lahir, kewarganegaraan, suku, agama, bahasa, hubungan dengan kepala keluarga, status perkawinan
    • Pekerjaan dan pendidikan tertinggi
    • Rumah: kepemilikan, listrik, air minum, jamban, lantai
    Tidak ada pertanyaan nama ibu kandung.
faq-souvenir-label = Souvenir dan voucher
faq-souvenir-answer =
    Keluarga di { $region } yang selesai mengisi online mendapat souvenir (pulpen atau buku catatan), selama persediaan masih ada.
    { $online ->
        [closed] Laporan selesai diterima sampai { $completions_until }. Voucher yang sudah diterima bisa ditukar di { $office } sampai { $voucher_until }.
       *[other] Laporkan lewat "Saya sudah selesai mengisi" untuk mendapat voucher. Voucher ditukar di { $office } sampai { $voucher_until }.
    }
faq-kontak_bps-label = Kontak BPS
faq-kontak_bps-answer =
    Butuh bantuan petugas?
    • { $office }: datang langsung
    • WA Center SP2020: { $wa_center }
    • Instagram dan X: { $social }
faq-tujuan_sensus-label = Apa itu sensus?
faq-tujuan_sensus-answer =
    { $campaign_name } mencatat semua penduduk Indonesia: "Mencatat Indonesia".
    Untuk pertama kali, sensus memakai data kependudukan (Dukcapil) sebagai dasar. Anda cukup memeriksa dan memperbarui data keluarga secara online.
    Hasilnya menjadi Satu Data Kependudukan untuk perencanaan pembangunan.
    Target { $region }: { $target } penduduk mengisi online.
