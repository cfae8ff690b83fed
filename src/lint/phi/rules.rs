//! The identifier rules as data: one pattern per way an identifier is written, with
//! a check for what the pattern cannot express (context, digit counts). Labels are
//! listed as people write them, in English and the languages practices' staff use.

use super::PhiKind;
use regex::Regex;

pub(super) struct Rule {
    pub(super) kind: PhiKind,
    pub(super) pattern: Regex,
    /// Return false to discard a match (context checks the pattern cannot express).
    pub(super) keep: fn(&str, &regex::Captures) -> bool,
}

fn always(_: &str, _: &regex::Captures) -> bool {
    true
}

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|sept?iembre|octubre|noviembre|diciembre|januar|februar|m[äa]e?rz|juni|juli|oktober|dezember|janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre)\.?";
const STREET: &str = r"(?:street|st|avenue|ave|av|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|way|place|pl|terrace|ter|terr|parkway|pkwy|circle|cir|highway|hwy|trail|trl|run|pike|crescent|cres|row|close|mews|square|sq|grove|gr|loop|alley|aly|bend|crossing|xing|green|hill|hills|point|ridge|view|walk|gardens|gdns|heights|hts|meadow|meadows|path|plaza|turnpike|tpke|causeway|esplanade|quay|rise|vale|wharf|wynd|park|marg|nagar|estrada|rua|strasse|straße)";
/// The value after a label: an id that contains at least one digit (checked by `has_digits`).
/// The regex requires a digit so that a rejected word never hides the real value after it.
const ID: &str = r"(?P<v>(?:[a-z]{1,5}[ -]?)?\d{2,5}(?:[ -]\d{2,5}){1,4}\b|[a-z0-9][a-z0-9./-]*\d[a-z0-9./-]*[a-z0-9]|\d[a-z0-9./-]*[a-z0-9])";
/// Between a label and its value: "number", "no.", "#", ":", "is", commas, brackets.
const SEP: &str = r"(?:\s*(?:number|nbr\b\.?|num\b\.?|no\b\.?|nr\b\.?|#|id\b|identifier|card|n[úu]m\b\.?|pin\b|is\b|was\b|of\b|[:,()=/])\s*)*\s*";
const STATES: &str = "alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming";
const AT_BRACKET: &str = r"(?:\[at\]|\(at\)|\{at\}|<at>|\[@\]|\(@\))";
const DOT_BRACKET: &str = r"(?:\[dot\]|\(dot\)|\{dot\}|<dot>|\[\.\]|\(\.\))";
/// Top-level domains an obfuscated address must end in (so "meet at noon dot" is not one).
const TLD: &str = "com|net|org|edu|gov|mil|io|co|me|info|biz|us|uk|ca|au|nz|de|fr|es|it|nl|be|ch|at|ie|in|jp|cn|br|mx|za|ng|ph|se|no|dk|fi|pl|pt|ru|kr|sg|hk|gr|cz|il|tr|ar|cl";
/// The AP style's state abbreviations, written with a full stop ("Ill.", "Calif.").
const AP_STATES: &str = r"ala|ariz|ark|calif|cal|colo|conn|del|fla|ga|ill|ind|kan|kans|ky|la|md|mass|mich|minn|miss|mo|mont|neb|nebr|nev|n\.h|n\.j|n\.m|n\.y|n\.c|n\.d|okla|ore|pa|r\.i|s\.c|s\.d|tenn|tex|vt|va|wash|w\.va|wis|wyo";
const AGE: &str = r"(?:9\d|1[0-2]\d)";
const WORD_AGE: &str = r"(?:ninety[- ](?:one|two|three|four|five|six|seven|eight|nine)|one hundred(?:[- ](?:and[- ])?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen))?)";

pub(super) fn rx(p: &str) -> Regex {
    Regex::new(&format!("(?i){p}")).expect("built-in PHI pattern compiles")
}

fn value<'t>(c: &regex::Captures<'t>) -> &'t str {
    c.name("v")
        .map(|m| m.as_str())
        .unwrap_or_else(|| c.get(0).map(|m| m.as_str()).unwrap_or(""))
}

fn digits(s: &str) -> usize {
    s.chars().filter(char::is_ascii_digit).count()
}

fn has_digits(_: &str, c: &regex::Captures) -> bool {
    digits(value(c)) >= 1
}

/// Licence and certificate numbers are long; "licensed since 1998" is not one.
fn long_number(_: &str, c: &regex::Captures) -> bool {
    digits(value(c)) >= 5
}

/// A run of digits that might be a phone or fax number, with the label before it.
/// `super::phone::is_phone` decides.
const PHONE_CANDIDATE: &str = r"(?P<label>\b(?:phone|phoned|ph|tel|telephone|call|calling|called|cell|cellphone|cellular|celular|mobile|mob|handy|portable|landline|text|texts|reach|reached|whatsapp|contact|number|ring|dial|home|work|office|fax|facsimile|telefax|f|ligar|llamar|llame|appeler|appelez|anrufen|telefono|tel[ée]fono|telefone|t[ée]l[ée]phone|t[ée]l|tlf|m[óo]vil|mobil|numero|n[úu]mero|rufnummer|hp|h/p|handphone)\b\.?[^.\d\n]{0,25}?)?(?P<v>(?:\+\s?\(?|\(|\b)\d(?:[\d \x{a0}().\-/\x{2010}-\x{2013}]|\(0\)){5,24}\d)(?:\s*(?:x|ext\.?|extension|#)\s*\d{1,5}\b)?";

/// Labels of other numbers: a number after one of these is not a phone.
const NOT_PHONE_LABEL: &str = r"(?:isbn|issn|doi|pmid|pmcid|ndc|npi|cpt|icd|loinc|snomed|lot|batch|model|ref|order|invoice|claim|case|mrn|m\.r\.n|nhs|chi|medicare|medicaid|member|policy|group|account|acct|iban|routing|ssn|social security|licen[cs]e|passport|serial|s/n|imei|vin|plate|zip|postal|ohip|ur|urn|record|chart|patient id|pt id|p[óo]liza|poliza|seguro social|nss)(?:\W+(?:number|no|nr|num|nbr|id|is|was|card|code|of|listed|as))*\W{0,6}$";

fn phone_keep(line: &str, c: &regex::Captures) -> bool {
    let Some(v) = c.name("v") else { return false };
    let before = line[..v.start()].to_lowercase();
    let tail: String = before
        .chars()
        .rev()
        .take(24)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    static NOT_PHONE: std::sync::LazyLock<Option<Regex>> =
        std::sync::LazyLock::new(|| Regex::new(NOT_PHONE_LABEL).ok());
    if NOT_PHONE.as_ref().is_some_and(|r| r.is_match(&tail)) {
        return false;
    }
    let text = v.as_str().trim_end_matches([' ', '-', '.', '/', '(']);
    // An IPv4 address is not a phone.
    if text.split('.').count() == 4
        && text
            .split('.')
            .all(|p| (1..=3).contains(&p.len()) && p.chars().all(|ch| ch.is_ascii_digit()))
    {
        return false;
    }
    crate::lint::phone::is_phone(text, c.name("label").is_some())
}

/// A fax label (`fax`, `facsimile`, `telefax`, `F:`) just before the number.
fn fax_label(line: &str, c: &regex::Captures) -> bool {
    let Some(v) = c.name("v") else { return false };
    let start = line[..v.start()]
        .char_indices()
        .rev()
        .nth(60)
        .map_or(0, |(i, _)| i);
    let before = line[start..v.start()].to_lowercase();
    let Some(at) = ["fax", "facsimile", "f:"]
        .iter()
        .filter_map(|w| before.rfind(w).map(|i| i + w.len()))
        .max()
    else {
        return false;
    };
    // The label belongs to this number when no sentence ends between them
    // ("fax no. 01 42…" keeps its abbreviation's full stop).
    let between = &line[start..v.start()][at.min(before.len())..];
    !between.contains([';', '!', '?']) && !between.contains(". ")
        || between.trim_start().starts_with("no.")
        || between.trim_start().starts_with("nr.")
}

/// Plates are written in capitals ("7KX 4402"); "half the plate with 2 cups" is not one.
fn plate_ok(_: &str, c: &regex::Captures) -> bool {
    let v = value(c);
    digits(v) >= 1
        && v.chars().filter(|ch| ch.is_ascii_alphanumeric()).count() >= 4
        && !v.chars().any(|ch| ch.is_ascii_lowercase())
}

fn vin_ok(_: &str, c: &regex::Captures) -> bool {
    let v = &c[0];
    digits(v) >= 1 && v.chars().filter(|ch| ch.is_ascii_alphabetic()).count() >= 2
}

/// "build 4.12.0.7" and "version 10.2.0.1" are software, not addresses.
fn not_a_version(line: &str, c: &regex::Captures) -> bool {
    let Some(m) = c.get(0) else { return false };
    let before = line[..m.start()].to_lowercase();
    let last = before.split_whitespace().last().unwrap_or("");
    !matches!(
        last.trim_end_matches([':', '#']),
        "version"
            | "ver"
            | "ver."
            | "v"
            | "build"
            | "release"
            | "firmware"
            | "update"
            | "app"
            | "software"
    ) && !before.ends_with('v')
}

/// In British English "the surgery" is the practice: "the surgery will be closed on
/// 25 December" is the practice's date, not a patient's.
fn not_the_surgery(line: &str, c: &regex::Captures) -> bool {
    let Some(event) = c.name("event") else {
        return true;
    };
    if !event.as_str().eq_ignore_ascii_case("surgery") {
        return true;
    }
    let before = line[..event.start()].to_lowercase();
    let after = line[event.end()..].to_lowercase();
    let the_practice = matches!(
        before.split_whitespace().last(),
        Some("the" | "our" | "this" | "a" | "local" | "gp")
    ) && [
        "closed",
        "close ",
        "closes",
        "open",
        "reopen",
        "hours",
        "holiday",
        "bank holiday",
    ]
    .iter()
    .any(|w| {
        after
            .get(..after.len().min(30))
            .is_some_and(|a| a.contains(w))
    });
    !the_practice
}

fn ipv6_ok(_: &str, c: &regex::Captures) -> bool {
    let v = &c[0];
    v.contains("::") || v.matches(':').count() >= 5
}

/// "adults aged 90 and older" is already aggregated as Safe Harbor requires, and
/// "at 95%" or "is 95 °F" are measurements, not ages.
fn age_ok(line: &str, c: &regex::Captures) -> bool {
    let Some(m) = c.get(0) else { return false };
    if !m.as_str().ends_with(|ch: char| ch.is_ascii_digit()) {
        return true; // "93-year-old", "90th birthday": the words say it is an age
    }
    let after = line[m.end()..].trim_start().to_lowercase();
    if after.starts_with('.') && after[1..].starts_with(|ch: char| ch.is_ascii_digit()) {
        return false; // 100.4 °F
    }
    let units = [
        "and older",
        "or older",
        "and over",
        "and up",
        "+",
        "%",
        "percent",
        "°",
        "degrees",
        "mg",
        "mcg",
        "ml",
        "minutes",
        "seconds",
        "hours",
        "days",
        "weeks",
        "months",
        "mmhg",
        "beats",
        "bpm",
        "pounds",
        "lb",
        "kg",
        "units",
        "/",
        "to ",
        "-",
        "–",
        "cm",
        "inches",
        "miles",
    ];
    !units.iter().any(|u| after.starts_with(u))
}

/// Words that make "2 blocks down the road" prose rather than an address.
fn lowercase_street_ok(_: &str, c: &regex::Captures) -> bool {
    const PROSE: &[&str] = &[
        "the", "a", "an", "of", "to", "on", "in", "at", "down", "up", "per", "and", "or", "for",
        "from", "by", "with", "each", "every", "miles", "mile", "blocks", "block", "minutes",
        "times", "mg", "steps", "more", "other", "new", "same", "this", "that", "our", "your",
        "his", "her", "their", "one", "two", "three", "is", "was",
    ];
    c.name("name").is_some_and(|n| {
        n.as_str()
            .split_whitespace()
            .all(|w| !PROSE.contains(&w.trim_end_matches('.')))
    })
}

fn url_ok(_: &str, c: &regex::Captures) -> bool {
    let u = c[0].to_lowercase();
    let (before_query, query) = u.split_once('?').unwrap_or((&u, ""));
    let (host, path) = before_query
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split_once('/')
        .unwrap_or((before_query, ""));
    let personal_query = [
        "id=",
        "pid=",
        "pt=",
        "patient",
        "mrn",
        "member",
        "user",
        "record",
        "dob=",
        "ssn",
        "name=",
        "accession",
        "account",
        "acct",
        "email=",
    ];
    // A section about patients ("/patients/") is not a patient; "/patients/48213/" is.
    let personal_path = [
        "patient", "record", "mrn", "member", "user", "profile", "chart", "intake", "portal",
        "room/",
    ];
    let id_after = |p: &str| path.find(p).is_some_and(|i| digits(&path[i..]) >= 2);
    let share_links = [
        "file/d/",
        "spreadsheets/d/",
        "document/d/",
        "presentation/d/",
        "forms/d/",
        "drive/folders/",
        "fundrais",
        "gofundme",
        "journal",
        "caringbridge",
        "obituar",
    ];
    let personal_host = [
        "fundrais",
        "gofundme",
        "gofund.me",
        "givesendgo",
        "justgiving",
        "spot.fund",
        "mealtrain",
        "lotsahelpinghands",
        "caringbridge",
        "telehealth",
        "journal",
        "drive.",
        "docs.google.",
        "dropbox",
        "1drv.ms",
        "onedrive",
        "sharepoint.com",
        "box.com",
        "wetransfer",
        "linktr.ee",
        "venmo.com",
        "paypal.me",
        "cash.app",
        "mychart",
        "patientportal",
        "followmyhealth",
    ];
    // Blogs and profile pages: the subdomain or the path names the person.
    let personal_site = [
        ".wordpress.com",
        ".blogspot.",
        ".substack.com",
        ".tumblr.com",
        ".wixsite.com",
        ".weebly.com",
        ".squarespace.com",
        ".carrd.co",
    ];
    let profile_path = [
        "@", "user/", "u/", "users/", "profile/", "people/", "in/", "~",
    ];
    let profile_host = [
        "medium.com",
        "reddit.com",
        "youtube.com",
        "threads.net",
        "bsky.app",
        "pinterest.com",
        "tiktok.com",
        "strava.com",
    ];
    let social = [
        "facebook.com",
        "instagram.com",
        "twitter.com",
        "x.com",
        "linkedin.com",
        "tiktok.com",
    ];
    query.split('&').any(|kv| {
        personal_query
            .iter()
            .any(|p| kv.starts_with(p) || kv.contains(&format!("{p}=")))
    }) || personal_path.iter().any(|p| id_after(p))
        || share_links.iter().any(|p| path.contains(p))
        || (personal_host.iter().any(|h| host.contains(h)) && !path.is_empty())
        || (social.iter().any(|s| host.ends_with(s)) && !path.is_empty())
        || personal_site.iter().any(|s| host.contains(s))
        || (profile_host.iter().any(|h| host.ends_with(h))
            && profile_path.iter().any(|p| path.starts_with(p)))
}

/// Every rule, in the order they claim text: a stretch taken by one is not matched by
/// later ones (a fax number is not also a phone number).
pub(super) fn rules() -> Vec<Rule> {
    let date_value = format!(
        r"(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:\d{{4}}|['’]\d{{2}}))?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+(?:\d{{4}}|['’]\d{{2}}))?|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{1,2}}-\d{{1,2}}-\d{{2,4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}|\d{{4}}年\d{{1,2}}月\d{{1,2}}日|\d{{1,2}}[- ]{MONTH}[- ]\d{{2,4}}|\d{{1,2}}\s+de\s+{MONTH}\s+(?:de\s+|del\s+)?\d{{4}}|\d{{1,2}}[-./ ](?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)[-./ ]\d{{2,4}}|(?:christmas(?: eve| day)?|new year'?s(?: eve| day)?|thanksgiving|halloween|independence day|valentine'?s day),?\s+\d{{4}})"
    );
    let person_event = r"(?:born|birth|birthday|birthdate|dob|d\.o\.b\.?|dod|d\.o\.d\.?|dos|d\.o\.s\.?|b\.|date of (?:birth|death|service|admission|discharge|surgery|procedure|injury)|(?:admission|discharge|surgery|birth|service|death) date|op(?:eration)?\.? date|operated on|started (?:treatment|therapy|chemo(?:therapy)?|dialysis|rehab|radiation|insulin)|had (?:her|his)|(?:her|his) (?:[\w-]+ ){0,2}(?:surgery|operation|procedure|transplant|transfer|retrieval|diagnosis|admission|discharge|delivery|first visit|appointment|visit|scan|ultrasound|biopsy|infusion|induction|c-section)|fecha de (?:nacimiento|defunci[óo]n|ingreso|alta)|nacid[oa]|naci[óo]|date de (?:naissance|d[ée]c[èe]s)|n[ée]e? le|d[ée]c[ée]d[ée]e?|geboren|geb\.|geburtsdatum|geboortedatum|kapanganakan|ipinanganak|doa|sobriety date|sober since|clean date|quit date|d/c(?:'d|ed)?|dc'd|sterbedatum|verstorben|data de nascimento|nascid[oa]|falecid[oa]|生年月日|誕生日|admitted|admission|discharged|discharge|died|death|passed away|passed peacefully|passed on|deceased|date of service|surgery|arrived|delivered|delivery|turned \d+|stroke|heart attack|seizure|tested positive|hospitali[sz]ed|diagnosed|injured|accident|operated|overdosed?|seen|last visit|colonoscopy|procedure|biopsy|mammogram)";
    vec![
            Rule { kind: PhiKind::Email, pattern: rx(r"\b(?:mailto:)?[a-z0-9._%+-]+ ?@ ?[a-z0-9.-]+\.[a-z]{2,}\b"), keep: always },
            // Written out to fool harvesters: "jdoe at gmail dot com", "jdoe[at]gmail[dot]com".
            Rule { kind: PhiKind::Email, pattern: rx(&format!(r"\b[a-z0-9._%+-]+(?:\s+dot\s+[a-z0-9_%+-]+)*(?:\s*{AT_BRACKET}\s*[a-z0-9-]+(?:\s*(?:\.|{DOT_BRACKET}|\s+dot\s+)\s*[a-z0-9-]+)*?\s*(?:\.|{DOT_BRACKET}|\s+dot\s+)\s*|\s+at\s+[a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+)*?\s+dot\s+)(?:{TLD})\b")), keep: always },
            Rule {
                kind: PhiKind::Url,
                pattern: rx(r"\b(?:https?://|www\.)?(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s)\]>,]*"),
                keep: url_ok,
            },
            Rule {
                kind: PhiKind::Url,
                pattern: rx(r"\b(?:https?://)?(?:www\.)?[a-z0-9-]+\.(?:blogspot|wordpress|substack|tumblr|wixsite|weebly|carrd)\.[a-z]{2,}(?:\.[a-z]{2})?\b"),
                keep: always,
            },
            Rule {
                kind: PhiKind::MedicalRecord,
                pattern: rx(&format!(
                    r"(?:\b(?:mrn|mrno\b\.?|mr\s*(?:#|no\b\.?|nbr\b|number)|med(?:ical)?\.?\s*rec(?:ord)?s?\.?|ehr id|emr id|empi|patient id|patient (?:number|no\b\.?|#)|pt\.?\s*(?:id|#|no\b\.?|number)|chart|record|hosp(?:ital)?\.?\s*(?:number|no\b\.?|id|#)|unit (?:number|no\b\.?|#)|ur\s*(?:number|no\b\.?|#)|urn|chi (?:number|no\b\.?)|nhs (?:number|no\b\.?|#)|case (?:number|no\b\.?|#)|fallnummer|patientennummer|akte|folder(?: number| no\b\.?| #)?|expediente(?: cl[íi]nico| m[ée]dico)?|historia cl[íi]nica|prontu[áa]rio|dossier|nhi|uhid|patienten-id|(?:in|out)patient (?:\(?[io]p\)? )?(?:number|no\b\.?)|[io]pd? (?:number|no\b\.?)|(?:clinic |patient |medical )?file(?: reference| ref\b\.?| number| no\b\.?| #)|accession|encounter(?: record| id| number| no\b\.?)?)|m\.r\.n\.?){SEP}-?{ID}"
                )),
                keep: has_digits,
            },
            Rule {
                kind: PhiKind::HealthPlan,
                pattern: rx(&format!(
                    r"\b(?:member|policy|medicaid|medicare|medi-cal|mbi|subscriber|group|insurance|insurer|plan|beneficiary|enrollee|chip|ohip|bcbs|health card|health insurance|krankenversichertennummer|cart[ãa]o sus|sus card|cns|medicare card|medical card|medical aid|phn|personal health number|ihi|philhealth|p[óo]liza|ap[óo]lice|versicherungsnummer|tricare(?: benefits)?|aetna|cigna|humana|kaiser|uhc|unitedhealthcare|anthem|blue cross|blue shield|southern cross|bupa|medibank|nib|hcf|ayushman bharat|pm-jay|abha|medicare number){SEP}{ID}"
                )),
                keep: |_, c| digits(value(c)) >= 4,
            },
            Rule {
                kind: PhiKind::License,
                pattern: rx(&format!(
                    r"\b(?:licen[cs]e|licencia|permit|permis|passport|reisepass|pasaporte|passeport|passaporte|f[üu]hrerschein(?:nummer)?|state id(?: card)?|id card|(?-i:DL|CDL|DEA)|certificate)\b[^.\n\d]{{0,25}}?{SEP}{ID}"
                )),
                keep: long_number,
            },
            Rule {
                kind: PhiKind::Account,
                pattern: Regex::new(r"(?-i:\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b)").expect("built-in IBAN pattern compiles"),
                keep: |_, c| digits(&c[0]) >= 8,
            },
            Rule {
                kind: PhiKind::Account,
                pattern: rx(r"\b(?:account|acct|acc\b|a/c|card|invoice|inv|statement|billing id|billing number|billing ref(?:erence)?|guarantor|cuenta|conta|compte|konto)\b\.?(?:\s+(?:del?|of the|of)\s+\w+)?(?:\s*(?:number|no\b\.?|id\b|#|is|ref(?:erence)?))*[\s:#-]*(?P<v>(?:[a-z]{1,4}-){0,3}[a-z]{0,3}[-/]?\d[\d /-]{3,}[a-z0-9]*(?:-[a-z0-9]+)?)|\b(?P<card>(?:\d{4}[ -]){3}\d{4})\b|\bacct-\d[\w-]*"),
                keep: |_, c| digits(value(c)) >= 4 || c.name("card").is_some() || c[0].to_lowercase().starts_with("acct-"),
            },
            Rule {
                kind: PhiKind::Vehicle,
                pattern: rx(r"\b(?:plate|tag|reg\b\.?|rego|registration|registration number|registration no\b\.?|kennzeichen|nummernschild|matr[íi]cula|placa|plaque)\b\.?[^.\n]{0,22}?(?P<v>\b(?-i:[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,5}){1,2}))\b"),
                keep: plate_ok,
            },
            Rule { kind: PhiKind::Vehicle, pattern: rx(r"\b[a-hj-npr-z0-9]{17}\b"), keep: vin_ok },
            Rule {
                kind: PhiKind::Device,
                pattern: rx(&format!(
                    r"\budi\b[\s:#]*(?P<udi>\(\d{{2}}\)\d{{6,}}[\w()]*)|\b(?P<mac>[0-9a-f]{{2}}(?:[:-][0-9a-f]{{2}}){{5}})\b|\b(?:(?:n[º°o]\.?|n[úu]mero|num[ée]ro)\s+de\s+s[ée]rie|seriennummer|serials?|s/n|sn|device id|imei|(?:implant|transmitter|pump|monitor|pacemaker|stimulator|hearing aid|device) (?:id|number|no\b\.?))(?:\s+(?:del?|of|du|des|der|for|on)\s+[^:\n\d]{{0,40}}?)?{SEP}(?:and\s+)?{ID}"
                )),
                keep: has_digits,
            },
            Rule {
                kind: PhiKind::Fax,
                pattern: rx(PHONE_CANDIDATE),
                keep: |line, c| fax_label(line, c) && phone_keep(line, c),
            },
            Rule {
                kind: PhiKind::Phone,
                pattern: rx(PHONE_CANDIDATE),
                keep: phone_keep,
            },
            Rule {
                kind: PhiKind::Ssn,
                pattern: rx(r"\b\d{3}-\d{2}-\d{4}\b|\b(?:ssn|ss\s*#|ss\s+no\b\.?|social security|(?:n[úu]mero de )?seguro social|nss|soc\.?\s*sec\.?|social\s+(?:is|was|number|no\b\.?|#)|social)(?:\s+(?:number|no\b\.?|nbr\b|#))?(?:\s+(?:is|was))?\W{0,5}(?:[a-z ]{0,24}?\s)?(?P<v>\d{3}[- .]?\d{2}[- .]?\d{4}|\d(?: ?\d){2} ?- ?\d ?\d ?- ?\d(?: ?\d){3})\b|\b\d{3} \d{2} \d{4}\b"),
                keep: always,
            },
            Rule {
                kind: PhiKind::Date,
                pattern: rx(r"\b(?:dob|d\.o\.b\.?|dos|dod|date of (?:birth|death|service|admission|discharge|surgery|procedure)|(?:surgery|admission|discharge|birth|death|service|procedure|operation) date)\W{1,3}\d{1,2}/\d{1,2}\b"),
                keep: always,
            },
            Rule {
                kind: PhiKind::Date,
                pattern: rx(&format!(r"\b(?P<event>{person_event})(?:\W|$)[^;\n]{{0,40}}?\b{date_value}")),
                keep: not_the_surgery,
            },
            Rule {
                kind: PhiKind::Age,
                pattern: rx(&format!(
                    r"\b{AGE}\s*[- ]?(?:years?|yrs?)[- ]old\b|\b{AGE}\s*(?:years?|yrs?)\s+(?:of\s+age|young)\b|\b{AGE}(?:-year-old|\s*y/?o\b|\s*y\.\s?o\.|yo\b|\s*yrs?\b\.?)|\b{AGE}(?:st|nd|rd|th)\s+(?:year|birthday)\b|\b(?:aged?|age:|at|now|turned|turns|turning|is|was|he's|she's|he is|she is)\s+{AGE}\b|\b{AGE}\s+(?:años|ans|jahre|anos|anni|taong gulang)\b|\b{AGE}(?:st|nd|rd|th) birthday\b|\b(?:is|turned|aged?|at)\s+{WORD_AGE}\b|\b{WORD_AGE}[- ]years?[- ]old\b|(?-i:\b[A-Z][a-z]+, {AGE},)"
                )),
                keep: age_ok,
            },
            Rule {
                kind: PhiKind::Address,
                pattern: rx(&format!(
                    r"\b\d{{1,6}}\s+(?:[nsew]\.?\s+)?(?-i:(?:[A-Z0-9][A-Za-z0-9'.]*\s+){{1,3}}){STREET}\b\.?|\b(?:p\.?\s?o\.?\s*b(?:ox)?\b\.?|post office box|pob)\s*#?\s*\d+|\b(?:rural route|r\.?\s?r\.?|hc|star route)\s*#?\s*\d+,?\s*box\s*\d+|\brural route\s+\d+"
                )),
                keep: always,
            },
            // The number after the street, as most of Europe and Latin America write it.
            Rule {
                kind: PhiKind::Address,
                pattern: rx(r"(?-i:\b[A-ZÄÖÜ][a-zäöüß]{2,}(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer))\s+\d{1,4}[a-z]?\b|\b(?:rua|avenida|av\.|calle|carrera|rue|boulevard|via|viale|piazza|corso|largo|travessa|alameda|pra[çc]a|paseo|plaza)\s+(?:(?:de|da|do|dos|das|del|la|le|des|di|du)\s+)?(?-i:[A-ZÁÉÍÓÚ][\w.'-]*(?:\s+(?:(?:de|da|do|del|la)\s+)?[A-ZÁÉÍÓÚ][\w.'-]*){0,3}),?\s+(?:n[ºo°.]?\s*)?\d{1,5}\b"),
                keep: always,
            },
            // "Plot 27, Kiambu Road": a plot or house number before the street.
            Rule {
                kind: PhiKind::Address,
                pattern: rx(&format!(r"\b(?:plot|lot|house|hse|stand|erf|flat|unit)\s+(?:no\.?\s*)?\d+[a-z]?,?\s+(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}})\s+{STREET}\b")),
                keep: always,
            },
            // "3381 Highway 87 N", "12 County Road 4".
            Rule {
                kind: PhiKind::Address,
                pattern: rx(r"\b\d{1,6}\s+(?:highway|hwy|route|rte|state road|state route|county road|farm to market|fm|ranch road|us)\s+\d{1,4}\b"),
                keep: always,
            },
            // Philippine lots and barangays, US military mail, "1207 Calle Los Olivos".
            Rule {
                kind: PhiKind::Address,
                pattern: rx(r"\b(?:lot|blk|block)\s*\d+[a-z]?\s*,?\s*(?:blk|block|lot|phase)\s*\d+|\bbrgy\.?\s+(?-i:[A-Z])[\w.]+|\b(?:psc|cmr|unit)\s+\d{3,5},?\s+box\s+\d+|\b\d{1,6}\s+(?:calle|avenida|av\.|rua|rue|via)\s+(?-i:[A-Z][\w.'-]*)"),
                keep: always,
            },
            // "Flat 12B, Sea Breeze Apartments": a dwelling number before a named building.
            Rule {
                kind: PhiKind::Address,
                pattern: rx(r"\b(?:flat|apt|apartment|unit|suite|ste|apto|piso|wohnung)\.?\s*#?\s*\d+[a-z]?,\s+(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})\s+(?:apartments|apts|house|court|towers|tower|residency|heights|mansions|building|bldg|complex|villas|lodge|block)\b"),
                keep: always,
            },
            // Typed in a hurry: "509 maple ave apt 12", "31 mill road".
            Rule {
                kind: PhiKind::Address,
                pattern: Regex::new(
                    r"\b\d{1,6}\s+(?:[nsew]\.?\s+)?(?P<name>(?:[a-z][a-z'.]*\s+){1,2})(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|place|pl|terrace|parkway|circle|highway|hwy|crescent|close)\b\.?",
                )
                .expect("built-in address pattern compiles"),
                keep: lowercase_street_ok,
            },
            Rule {
                kind: PhiKind::Zip,
                pattern: Regex::new(&format!(
                    r"(?i:\b(?:zip|postal)(?:\s*code|\+4)?(?:\s+(?:is|was))?\s*[:#,]?\s*\d{{5}}(?:-?\d{{4}})?\b|\b(?:postal code|postcode|post code|pin ?code|pincode|cep|c\.p\.|código postal|code postal|plz)(?:\s+(?:of|for)\s+(?:the\s+)?\w+)?\s*(?:is|was)?\s*[:#,]?\s*\d{{4,6}}(?:-\d{{3}})?\b|\beircode\s*[:#]?\s*[a-z0-9]{{3}} ?[a-z0-9]{{4}}\b|\b(?:moved|moving|relocat(?:ed|ing)|lives|living|resides|residing)\s+(?:out\s+|over\s+|down\s+|up\s+)?(?:to|in)\s+\d{{5}}(?:-\d{{4}})?\b|\b(?:al|ak|az|ar|ct|dc|fl|ga|ia|il|ks|ky|md|mi|mn|ms|mo|mt|nc|nd|ne|nh|nj|nm|nv|ny|ri|sc|sd|tn|tx|ut|va|vt|wa|wi|wv|wy)\s+\d{{5}}(?:-\d{{4}})?\b|\b\d{{5}}(?:-\d{{4}})?\s+zip\b|\b(?:{STATES}),?\s+\d{{5}}(?:-\d{{4}})?\b|\b(?:{AP_STATES})\.,?\s+\d{{5}}(?:-\d{{4}})?\b)|(?-i:\b(?:[A-Z]{{1,2}}\d[A-Z\d]?|GIR) \d[A-Z]{{2}}\b|\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d\b)|\b(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]),?\s+\d{{5}}(?:-\d{{4}})?\b"
                ))
                .expect("built-in ZIP pattern compiles"),
                keep: always,
            },
            Rule {
                kind: PhiKind::Ip,
                pattern: rx(r"\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b"),
                keep: not_a_version,
            },
            Rule { kind: PhiKind::Ip, pattern: rx(r"\b(?:[0-9a-f]{1,4}:){1,7}:?(?:[0-9a-f]{1,4})?\b"), keep: ipv6_ok },
    ]
}
