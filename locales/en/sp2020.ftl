# SP2020 Online (Batang Regency): tutorial steps, common problems, document checklist, answers.
# Facts only from domain/SP2020.md. Uncertain facts are hedged ("usually", "according to BPS").
# Screen labels of the census site stay in Indonesian, in quotes, as residents see them.
# Dates come as known on the day (the timeline); $online and $field choose the tense.

## Phases (campaigns/sp2020-batang.toml, [[timeline.phases]]): the note in the menu and /bantuan
phase-before_open =
    { $campaign } is not open yet. It opens { $days_to_open ->
        [1] tomorrow, { $open_date },
       *[other] on { $open_date } (in { $days_to_open } days),
    } until { $close_date }. You can learn the steps first.
phase-open = { $campaign } is open until { $close_date }. { deadline-days }
phase-extended = { $close_news } { deadline-days }
phase-online_closed =
    { $campaign } closed on { $close_date }.
    { field-visit }
phase-field_stage =
    { $campaign } closed on { $close_date }.
    { field-visit }
phase-after_field_stage =
    { $campaign } closed on { $close_date }.
    { field-visit }

## Announcements ([[timeline.announcements]]); $was: the value replaced
news-perpanjangan = { $campaign } was to close on { $was } and was extended until { $close_date } because of the COVID-19 pandemic.
news-pindah_september = First planned for { $was }, the officers' visits were moved to { $field_stage } because of the COVID-19 pandemic.
news-tanpa_perpanjangan = There is no further extension.

## Step 1: documents
step-siapkan_dokumen-title = Get your documents ready
step-siapkan_dokumen-body =
    Before you start, have ready:
    • Family Card (Kartu Keluarga, KK)
    • Each member's NIK (on the ID card or the KK)
    • If you have them: marriage or divorce certificate, birth certificates, death certificate
    It takes about 5 minutes per person.
    Use a phone or computer with a good signal.
problem-tidak_ada_buku_nikah-label = No marriage certificate
problem-tidak_ada_buku_nikah-body =
    That is fine.
    Marriage, divorce and other certificates are only needed if you have them.
    You can go on without them.
problem-tanpa_internet-label = No internet or phone
problem-tanpa_internet-body =
    No internet or phone? That is fine.
    { $online ->
        [closed] { field-visit }
       *[other] • Ask family, a neighbour, or a civil servant (ASN) in your village for help.
            • Or wait for the census officer. { field-visit }
    }

## Step 2: the official site
step-buka_situs-title = Open the official site
step-buka_situs-body =
    Open a browser on your phone (Chrome, Firefox or another).
    Type this address yourself: { $site }
    Then choose a language.
    Important: only { $site } is official.
    BPS has no census app in the Play Store.
    BPS never asks for your mother's name or for money.
problem-situs_palsu-label = Is this link/app real?
problem-situs_palsu-body =
    ⚠️ Beware of scams.
    • The only official site is { $site }.
    • BPS has no census app in the Play Store or App Store.
    • BPS never asks for your mother's name, money or a password.
    • Do not fill in other forms (such as a Google Form) claiming to be the census.
    Still unsure? Ask the { $office }.
problem-situs_lambat-label = Site slow or failing
problem-situs_lambat-body =
    Site slow or not opening?
    • Find a stronger signal, or use Wi-Fi.
    • A weak signal stops the page from loading fully. Reload it.
    • Try another browser (Chrome, Firefox, Opera).
    • The site is busiest near the deadline{ $online ->
        [closed] .
       *[other] . Fill in early.
    }

## Step 3: NIK and KK
step-masuk_nik_kk-title = Log in with NIK and KK
step-masuk_nik_kk-body =
    On { $site }, fill in:
    • The NIK of any family member
    • The KK number (16 digits, at the top of the Family Card)
    • The security code (captcha) shown
    Then press "Cek Keberadaan".
    If your data is found, you go on to the next step.
problem-kode_104-label = NIK/KK mismatch (104)
problem-kode_104-body =
    ⚠️ Seeing "NIK atau Nomor KK tidak sesuai (kode 104)"?
    1. Check the digits again, one by one.
    2. Try another family member's NIK.
    3. If your KK is new, try the old KK number. Then enter the family as it is now.
    Still not working? That is fine. { field-visit }
problem-captcha-label = Captcha problems
problem-captcha-body =
    Security code (captcha) not showing or refused?
    • Type the code exactly as shown.
    • If you cannot read it, reload the page for a new code.
    • A weak signal can stop the code from showing. Try again where the signal is better.
problem-isi_keduanya-label = Only NIK or only KK
problem-isi_keduanya-body =
    Fill in both the NIK and the KK number.
    They must belong together: the NIK of someone listed on that KK.
    It does not have to be the head of the family. Any member's NIK works.

## Step 4: password
step-buat_password-title = Create a password
step-buat_password-body =
    On your first visit:
    • Create a password, then type it again.
    • Choose one security question and type its answer.
    • Press "Buat Password".
    Keep the password and the answer somewhere safe.
    One KK uses one password.
    Next time, enter only the password and press "Masuk".
    Then read the guide and press "Mulai Mengisi".
problem-password_keluarga-label = Family made a password
problem-password_keluarga-body =
    One KK has only one password.
    If another family member already made it, log in with your own NIK and that same password.
    Ask that family member for the password.
    Never give the password to anyone outside the family, including me.
problem-lupa_password-label = Forgot password
problem-lupa_password-body =
    Forgot your password?
    According to BPS, the security question is there in case you forget the password. Have the answer ready and follow the site's instructions.
    You can also ask a family member who logged in before: one KK uses one password.

## Step 5: family details
step-keterangan_keluarga-title = Family details
step-keterangan_keluarga-body =
    Enter where the family lives now: province, regency, district, village, RT/RW, street and house number.
    Then answer questions about the home:
    • who owns the house
    • source of lighting (electricity)
    • source of drinking water
    • toilet ownership
    • main floor type
problem-alamat_domisili-label = Address differs from ID
problem-alamat_domisili-body =
    Enter the address where the family usually lives now, even if it differs from the ID card or KK.
    According to BPS, the census records where people actually live.
problem-simpan_sementara-label = Continue later
problem-simpan_sementara-body =
    Press "Simpan Sementara". What you filled in is saved.
    Later, log in again with the same NIK, KK number and password, and carry on.

## Step 6: family members
step-anggota_keluarga-title = List of family members
step-anggota_keluarga-body =
    This screen shows the family as on the KK.
    Check each person:
    • A baby or someone else living with you who is not on the list? Add them with the button below the list.
    • Someone who died or moved away? Update their details.
    Start with the head of the family, then spouse, children, and others.
problem-anggota_meninggal_pindah-label = Member died or moved
problem-anggota_meninggal_pindah-body =
    Has a family member died or moved away?
    • Change their details in the "Daftar Anggota Keluarga", using the options on screen.
    • If they died, have the death certificate ready if you have one.
problem-anggota_baru-label = Baby or new member
problem-anggota_baru-body =
    Add them with the button below the "Daftar Anggota Keluarga":
    • a newborn baby
    • someone who has lived in your home for 1 year or more (for example a relative or domestic worker)
    • someone who has lived there less than 1 year but intends to stay

## Step 7: each person's data
step-data_penduduk-title = Each person's data
step-data_penduduk-body =
    Fill in each member's data, one by one (about 21 questions), for example:
    • sex, place and date of birth
    • relationship to the head of the family
    • religion, ethnicity, citizenship
    • marital status, highest education
    • daily activity and work
    Name, NIK and KK number are usually filled in already.
problem-tinggal_di_luar-label = Member lives elsewhere
problem-tinggal_di_luar-body =
    A member studying, working or living away from home?
    According to BPS, everyone is counted where they usually live now.
    For each member the site asks whether they live at the family address. Answer as things really are.
    That member can also fill in themselves with their own NIK and the family password.
problem-waktu_pengisian-label = How long does it take?
problem-waktu_pengisian-body =
    About 5 minutes per person. A family of 4 takes about 20 minutes.
    No need to finish at once: press "Simpan Sementara" and continue later.

## Step 8: check and send
step-kirim-title = Check and send
step-kirim-body =
    On the summary page ("Ringkasan"):
    • Press "Lihat" to check the answers. You can still change them before sending.
    • Make sure every member shows "Sudah Update".
    • Then press "Kirim".
    After sending, the data cannot be changed on the site. Check carefully.
problem-belum_sudah_update-label = Not "Sudah Update" yet
problem-belum_sudah_update-body =
    Before you press "Kirim", every member must show "Sudah Update".
    Open the members who do not, complete their data, then check the list again.
problem-salah_data-label = Sent with a mistake
problem-salah_data-body =
    Data that was sent cannot be corrected on the site.
    According to BPS, mistakes will be confirmed by officers in the field.
    Tell your RT head about the change.

## Step 9: proof of filling in
step-bukti_pengisian-title = Keep your proof
step-bukti_pengisian-body =
    After pressing "Kirim" you can:
    • download the proof ("bukti pengisian"), or
    • have it sent to your e-mail (type your address).
    Keep the proof for your records.
    Done! Thank you for filling in.
problem-bukti_hilang-label = Proof lost or missing
problem-bukti_hilang-body =
    Keep the proof right after pressing "Kirim": download it or have it e-mailed.
    According to BPS, after online filling closes, officers cannot download the proof or see your online answers.

## Document checklist
checklist-nik-label = NIK (ID card or KK)
checklist-nik-hint = 16 digits, for each family member
checklist-kartu_keluarga-label = Family Card (KK)
checklist-kartu_keluarga-hint = the number is at the top of the KK
checklist-buku_nikah-label = Marriage/divorce cert.
checklist-buku_nikah-hint = None? You can still fill in.
checklist-akta_kelahiran-label = Birth certificates
checklist-akta_kelahiran-hint = For members who have one
checklist-surat_kematian-label = Death certificate
checklist-surat_kematian-hint = If a member has died

## Common questions: titles (max. 24 characters) and answers
faq-cara_mengisi-label = How to fill in
faq-cara_mengisi-answer =
    How to fill in { $campaign }:
    1. Open { $site }.
    2. Enter NIK, KK number and captcha, then press "Cek Keberadaan".
    3. Create a password and a security question.
    4. Fill in the family details, the member list and each person's data.
    5. Check, press "Kirim", then keep the proof.
    Want a guide step by step? Choose "Start the guide" in the menu.
faq-dokumen-label = Documents to prepare
faq-dokumen-answer =
    📄 Have ready:
    • Family Card (KK)
    • Each member's NIK (on the ID card or the KK)
    • If you have them: marriage or divorce certificate, birth certificates, death certificate
    No marriage certificate? You can still fill in.
faq-situs_resmi-label = Official site address
faq-situs_resmi-answer =
    There is only one official site: { $site }
    Type the address into the browser yourself.
    BPS has no census app in the Play Store or App Store.
    Beware of other links sent in chain messages.
faq-nik_kk_tidak_sesuai-label = NIK/KK mismatch (104)
faq-nik_kk_tidak_sesuai-answer =
    NIK or KK number not found (code 104)?
    1. Check the digits again, one by one.
    2. Try another family member's NIK.
    3. If your KK is new, try the old KK number. Then enter the family as it is now.
    Still not working? That is fine. { field-visit }
faq-lupa_password-label = Forgot password
faq-lupa_password-answer =
    According to BPS, the security question is there in case you forget the password. Have the answer ready and follow the site's instructions.
    One KK uses one password, so also ask a family member who logged in before.
    Never give your password to anyone, including me.
faq-satu_keluarga-label = One password per KK
faq-satu_keluarga-answer =
    One KK uses one password.
    Each member logs in with their own NIK and the same password.
    One person may fill in for the whole family, or each member fills in their own data.
faq-anak_kos-label = Studying/working away
faq-anak_kos-answer =
    According to BPS, everyone is counted where they usually live now, even if that differs from their ID card.
    BPS's example: a student from Karawang who has lived at his uncle's house in Jakarta for the past year is counted at the Jakarta address.
    For each member the site asks whether they live at the family address. Members living away can also fill in themselves with the family password.
faq-anggota_meninggal_pindah-label = Member died or moved
faq-anggota_meninggal_pindah-answer =
    Has a family member died or moved away?
    • Change their details in the "Daftar Anggota Keluarga", using the options on screen.
    • If they died, have the death certificate ready if you have one.
faq-anggota_baru-label = Baby or new member
faq-anggota_baru-answer =
    Add them with the button below the "Daftar Anggota Keluarga":
    • a newborn baby
    • someone who has lived in your home for 1 year or more (for example a relative or domestic worker)
    • someone who has lived there less than 1 year but intends to stay
faq-batas_waktu-label = Deadline
faq-batas_waktu-answer =
    { $online ->
        [before] { $campaign } opens on { $open_date }, until { $close_date } at 23:59 { $tz }.
        [open] { $extended ->
            [yes] Open since { $open_date }. { $close_news }
           *[no] { $campaign } has been open since { $open_date }, until { $close_date } at 23:59 { $tz }.
        }
        { deadline-days }
       *[closed] { $campaign } opened on { $open_date } and closed on { $close_date } at 23:59 { $tz }{ $extended ->
            [yes] {" "}(it was to close on { $first_close_date } and was extended because of the COVID-19 pandemic).
           *[no] .
        }
    }
    { field-visit }
faq-tanpa_internet-label = No internet or phone
faq-tanpa_internet-answer =
    No internet or phone, or not used to them? That is fine.
    { $online ->
        [closed] { field-visit }
       *[other] • Ask family, a neighbour, or a civil servant (ASN) in your village for help.
            • Or wait for the census officer. { field-visit }
    }
faq-gangguan_situs-label = Site slow or failing
faq-gangguan_situs-answer =
    Site slow or not opening?
    • Find a stronger signal, or use Wi-Fi.
    • A weak signal stops the page from loading fully. Reload it.
    • Try another browser (Chrome, Firefox, Opera), on a phone or computer.
    • The site is busiest near the deadline{ $online ->
        [closed] .
       *[other] . Fill in early.
    }
faq-captcha-label = Captcha code
faq-captcha-answer =
    Security code (captcha) not showing or refused?
    • Type the code exactly as shown.
    • If you cannot read it, reload the page for a new code.
    • A weak signal can stop the code from showing. Try again where the signal is better.
faq-wajib-label = Is it compulsory?
faq-wajib-answer =
    Yes, taking part in the population census is compulsory.
    Under Law No. 16 of 1997 on Statistics, residents give the information the census needs.
    { $online ->
        [closed] { field-visit }
       *[other] Filling in online is a choice. Not done yet? { field-visit }
    }
# Asked about fines: the answer starts with them.
faq-wajib-fine-answer =
    Not filling in online usually brings no fine. Filling in online is a choice.
    { $field ->
        [over] The census itself is still compulsory. { field-visit }
            Please give BPS the information it asks for (Law No. 16 of 1997 on Statistics).
       *[other] The census itself is still compulsory: an officer will count your household { $field_sure ->
                [no] after the online form closes (BPS will announce when).
               *[yes] during { $field_stage } ({ $field_stage_period }).
            }
            When the officer comes, please give the information asked (Law No. 16 of 1997 on Statistics).
    }
faq-kerahasiaan-label = Is my data safe?
faq-kerahasiaan-answer =
    Your data is kept confidential under Law No. 16 of 1997 on Statistics.
    BPS publishes only totals, never data about individuals.
    The online system's security was prepared with BSSN and Kominfo.
faq-penipuan-label = Beware of scams
faq-penipuan-answer =
    ⚠️ Beware of scams:
    • The only official site is { $site }.
    • BPS has no census app in the Play Store or App Store.
    • The census never asks for your mother's name. Anyone who does is a scammer.
    • The census never asks for money or passwords.
    { $field ->
        [over] • { $field_stage } is over. Be careful with anyone who says they are a census officer now.
       *[other] • Real officers visit { $field_sure ->
            [no] after the online form closes
           *[yes] during { $field_stage } ({ $field_stage_period })
        }, with a letter of assignment.
    }
faq-bukti_pengisian-label = Proof of filling in
faq-bukti_pengisian-answer =
    After pressing "Kirim" you can download the proof ("bukti pengisian") or have it sent to your e-mail.
    Keep it for your records.
    According to BPS, after online filling closes, officers cannot download the proof or see your online answers.
faq-ubah_data-label = Fixing a mistake
faq-ubah_data-answer =
    Not sent yet? Press "Lihat" on the summary page and change the answer.
    Already sent? The data cannot be corrected on the site. According to BPS, mistakes will be confirmed by officers in the field.
    Tell your RT head about the change.
faq-durasi-label = How long it takes
faq-durasi-answer =
    About 5 minutes per person. A family of 4 takes about 20 minutes.
    No need to finish at once: press "Simpan Sementara" and continue later.
faq-simpan_sementara-label = Save, continue later
faq-simpan_sementara-answer =
    Press "Simpan Sementara". What you filled in is saved.
    Later, log in again with the same NIK, KK number and password, and carry on.
faq-petugas_datang-label = Will an officer come?
faq-petugas_datang-answer =
    Households that completed the online form are not counted again.
    { field-visit } { $field_news }
    A real officer has:
    • a dark-blue vest with the BPS and SP2020 logos, "PETUGAS SENSUS" on the back
    • an ID card with a QR code
    • a letter of assignment from the regency/city BPS
faq-wna-label = Foreign nationals
faq-wna-answer =
    Foreign nationals who live, or intend to live, in Indonesia for at least 1 year are counted too.
    Holders of an ITAS or ITAP request an access code by e-mail from joinsp2020@bps.go.id. Include your name, passport number, residence permit number, and a photo or scan of the passport.
faq-luar_negeri-label = Living abroad
faq-luar_negeri-answer =
    Indonesians living abroad were generally not counted in this census, except families of staff at Indonesian missions (embassies or consulates).
    To be sure, ask BPS via { $social }.
faq-daftar_pertanyaan-label = What is asked
faq-daftar_pertanyaan-answer =
    There are about 21 questions:
    • Personal: name, NIK, address, how long at the address, sex, place and date of birth, citizenship, ethnicity, religion, language, relationship to the head, marital status
    • Work and highest education
    • Home: ownership, electricity, drinking water, toilet, floor
    There is no question about your mother's name.
faq-souvenir-label = Souvenir and voucher
faq-souvenir-answer =
    Households in { $region } that finished online get a souvenir (a pen or a notepad) while stock lasts.
    { $online ->
        [closed] Completions were taken until { $completions_until }. Vouchers already given can be exchanged at the { $office } until { $voucher_until }.
       *[other] Report it with "I have finished" to get a voucher. Vouchers are exchanged at the { $office } until { $voucher_until }.
    }
faq-kontak_bps-label = Contact BPS
faq-kontak_bps-answer =
    Need help from a person?
    • { $office }: visit in person
    • WA Center SP2020: { $wa_center }
    • Instagram and X: { $social }
faq-tujuan_sensus-label = What is the census?
faq-tujuan_sensus-answer =
    The { $campaign_name } counts everyone living in Indonesia: "Mencatat Indonesia".
    For the first time, the census starts from population-register data (Dukcapil). You only check and update your family's data online.
    The results become "Satu Data Kependudukan" for development planning.
    Target for { $region }: { $target } of residents filling in online.
