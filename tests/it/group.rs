//! A medical group's providers and locations, on a fixture site with two clinics and
//! two providers (one has left): provider and clinic pages with their JSON-LD read by a
//! JSON parser, the directory's filter pages (plain links: no JavaScript), reviewers
//! linked and described as `Physician`, and the clinics' own contact details allowed by
//! the patient-information scan.

use crate::common::{Built, build_site, carepress, copy_dir, fixture};
use serde_json::Value;

fn build() -> Built {
    build_site(&fixture("group"), &[])
}

/// Every JSON-LD object of a page.
fn json_ld(page: &str) -> Value {
    let open = "<script type=\"application/ld+json\">";
    let start = page.find(open).expect("a JSON-LD script") + open.len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).expect("valid JSON-LD")
}

pub fn providers_have_pages_with_physician_or_person_data_and_a_directory_that_filters_without_scripts()
 {
    let b = build();
    let ada = b.read("providers/ada-cole/index.html");
    let ld = json_ld(&ada);
    assert_eq!(ld["@type"], "Physician");
    assert_eq!(ld["name"], "Ada Cole, MD");
    assert_eq!(ld["medicalSpecialty"][0], "Cardiology");
    assert_eq!(ld["identifier"]["propertyID"], "NPI");
    assert_eq!(ld["identifier"]["value"], "1234567893");
    assert_eq!(ld["isAcceptingNewPatients"], true);
    assert_eq!(ld["availableLanguage"][1], "Spanish");
    for needle in [
        "<h1>Ada Cole, MD</h1>",
        "href=\"/locations/east/\">East Clinic</a>",
        "href=\"/providers/specialty/cardiology/\">Cardiology</a>",
        "Accepting new patients",
    ] {
        assert!(ada.contains(needle), "{needle} not on Ada's page");
    }
    let ben = b.read("providers/ben-ross/index.html");
    let ld = json_ld(&ben);
    assert_eq!(
        ld["@type"], "Person",
        "a nurse practitioner is no Physician"
    );
    assert_eq!(ld["knowsAbout"][0]["@type"], "MedicalSpecialty");
    assert_eq!(ld["jobTitle"], "NP");
    assert!(ben.contains("no longer practises with us"));

    // The directory and each filter are static pages linked from each other.
    let directory = b.read("providers/index.html");
    for link in [
        "/providers/specialty/cardiology/",
        "/providers/specialty/family-medicine/",
        "/providers/location/east/",
        "/providers/location/west/",
        "/providers/language/spanish/",
    ] {
        assert!(directory.contains(&format!("href=\"{link}\"")), "{link}");
    }
    let cardiology = b.read("providers/specialty/cardiology/index.html");
    assert!(
        cardiology.contains("/providers/ada-cole/") && !cardiology.contains("/providers/ben-ross/")
    );
    assert!(cardiology.contains("aria-current=\"page\""));
    let west = b.read("providers/location/west/index.html");
    assert!(west.contains("Providers: West Clinic"));
    assert!(west.contains("/providers/ada-cole/") && west.contains("/providers/ben-ross/"));
    let spanish = b.read("providers/language/spanish/index.html");
    assert!(spanish.contains("/providers/ada-cole/") && !spanish.contains("/providers/ben-ross/"));
    let sitemap = b.read("sitemap.xml");
    assert!(sitemap.contains("https://group.test/providers/specialty/cardiology/"));
    // People and places are looked up, not posted.
    let posts: Value = serde_json::from_str(&b.read_kit("posts.json")).unwrap();
    assert!(
        posts["posts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["kind"] != "provider" && p["kind"] != "location")
    );
}

pub fn locations_have_hours_a_map_facade_and_medical_clinic_data() {
    let b = build();
    let page = b.read("locations/east/index.html");
    let ld = json_ld(&page);
    assert_eq!(ld["@type"], "MedicalClinic");
    assert_eq!(ld["address"]["@type"], "PostalAddress");
    assert_eq!(ld["address"]["streetAddress"], "1 East Road");
    assert_eq!(ld["address"]["postalCode"], "62701");
    assert_eq!(ld["geo"]["latitude"], 39.8);
    assert_eq!(ld["telephone"], "(217) 544-0120");
    let hours = ld["openingHoursSpecification"].as_array().unwrap();
    let days: Vec<(&str, &str, &str)> = hours
        .iter()
        .map(|h| {
            (
                h["dayOfWeek"].as_str().unwrap(),
                h["opens"].as_str().unwrap(),
                h["closes"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            ("https://schema.org/Monday", "08:00", "17:00"),
            ("https://schema.org/Wednesday", "08:00", "12:00"),
            ("https://schema.org/Wednesday", "13:00", "19:00"),
        ]
    );
    assert_eq!(
        ld["specialOpeningHoursSpecification"][0]["validFrom"],
        "2026-12-25"
    );
    for needle in [
        "<tr><th scope=\"row\">Wednesday</th><td>8:00 AM – 12:00 PM, 1:00 PM – 7:00 PM</td></tr>",
        "<tr><th scope=\"row\">Sunday</th><td>Closed</td></tr>",
        "December 25, 2026 (Christmas Day)",
        "href=\"/providers/ada-cole/\">Ada Cole, MD</a>",
    ] {
        assert!(page.contains(needle), "{needle} not on the location page");
    }
    // The map is a facade: nothing is framed before a click.
    assert!(!page.contains("<iframe"), "the map loads only on a click");
    assert!(page.contains("www.google.com/maps"));
    let listing = b.read("locations/index.html");
    assert!(listing.contains("/locations/east/") && listing.contains("/locations/west/"));
}

pub fn a_reviewer_named_by_id_is_linked_and_described_as_a_physician() {
    let b = build();
    let page = b.read("articles/heart/index.html");
    assert!(page.contains(
        "Medically reviewed by <strong><a href=\"/providers/ada-cole/\">Ada Cole, MD</a></strong>"
    ));
    let ld = json_ld(&page);
    assert_eq!(ld["reviewedBy"]["@type"], "Physician");
    assert_eq!(
        ld["reviewedBy"]["url"],
        "https://group.test/providers/ada-cole/"
    );
}

pub fn a_clinics_own_phone_number_is_not_patient_information() {
    // The article gives the East Clinic's number: allowed while the clinic lists it.
    let b = build();
    assert!(b.read("articles/heart/index.html").contains("217-544-0120"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("group"), dir.path());
    let east = dir.path().join("content/locations/east.md");
    let text = std::fs::read_to_string(&east).unwrap();
    std::fs::write(&east, text.replace("phone: \"(217) 544-0120\"\n", "")).unwrap();
    let out = carepress()
        .args(["check", "--today", crate::common::TODAY, "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[phi::phone]"), "{stderr}");
}

pub fn each_location_account_gets_its_own_posts_on_its_own_cadence() {
    let b = build();
    let posts: Value = serde_json::from_str(&b.read_kit("posts.json")).unwrap();
    let posts = posts["posts"].as_array().unwrap();
    let of = |slug: &str| -> Vec<&Value> { posts.iter().filter(|p| p["slug"] == slug).collect() };
    // `social: { locations: all }`: the group's three accounts and East's two.
    let mut heart: Vec<&str> = of("heart")
        .iter()
        .map(|p| p["account"].as_str().unwrap())
        .collect();
    heart.sort();
    assert_eq!(
        heart,
        [
            "facebook",
            "facebook@east",
            "instagram",
            "instagram@east",
            "x"
        ]
    );
    // Without `social.locations`, the group's accounts only.
    let mut knees: Vec<&str> = of("knees")
        .iter()
        .map(|p| p["account"].as_str().unwrap())
        .collect();
    knees.sort();
    assert_eq!(knees, ["facebook", "instagram", "x"]);
    let east = of("heart")
        .into_iter()
        .find(|p| p["account"] == "facebook@east")
        .unwrap();
    // East's Facebook posts Tuesdays and Thursdays at 12:30; the group Mon/Wed/Fri 09:00.
    let at: jiff::Timestamp = east["scheduled"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        at,
        "2026-12-01T12:30:00-06:00"
            .parse::<jiff::Timestamp>()
            .unwrap()
    );
    assert_eq!(east["handle"], "@groupeast");
    // An account without a handle in the config takes its location's own.
    let insta = of("heart")
        .into_iter()
        .find(|p| p["account"] == "instagram@east")
        .unwrap();
    assert_eq!(insta["handle"], "@groupclinic.east");
    assert!(
        b.read("locations/east/index.html")
            .contains("Instagram @groupclinic.east")
    );
    let text = east["text"].as_str().unwrap();
    assert!(text.contains("East Clinic · (217) 544-0120"), "{text}");
    let group = of("heart")
        .into_iter()
        .find(|p| p["account"] == "facebook")
        .unwrap();
    assert!(!group["text"].as_str().unwrap().contains("East Clinic"));
    // Its own text file, calendar event, CSV rows, Sprout upload and preview page.
    assert!(b.kit.join("articles/heart/facebook-east.txt").is_file());
    let ics = b.read_kit("calendar.ics");
    let calendar = ical::IcalParser::new(ics.as_bytes())
        .next()
        .unwrap()
        .expect("valid iCalendar");
    let uids: Vec<String> = calendar
        .events
        .iter()
        .filter_map(|e| {
            e.properties
                .iter()
                .find(|p| p.name == "UID")
                .and_then(|p| p.value.clone())
        })
        .collect();
    assert!(
        uids.iter()
            .any(|u| u.starts_with("facebook-east-article-heart")),
        "{uids:?}"
    );
    assert!(b.read_kit("schedule.csv").contains(",facebook@east,\r\n"));
    assert!(
        b.read_kit("sprout-facebook-east.csv")
            .contains("East Clinic")
    );
    let page = b.read_kit("account-facebook-east.html");
    assert!(page.contains("East Clinic · (217) 544-0120"));
    assert!(!page.contains("/articles/knees/"), "only East's posts");
    assert!(
        b.read_kit("index.html")
            .contains("href=\"account-facebook-east.html\"")
    );
}

pub fn init_group_starts_a_group_site_that_builds_and_new_adds_providers_and_locations() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("group");
    carepress()
        .args(["init", "--group"])
        .arg(&site)
        .output()
        .unwrap();
    for (kind, name) in [("provider", "Dana Wu"), ("location", "North Clinic")] {
        let out = carepress()
            .args(["new", kind, name, "--root"])
            .arg(&site)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = carepress()
        .args(["build", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let article = std::fs::read_to_string(site.join("public/articles/welcome/index.html")).unwrap();
    assert!(
        article.contains("href=\"/providers/first-provider/\""),
        "the reviewer is linked"
    );
    assert!(
        site.join("public/locations/main-clinic/index.html")
            .is_file()
    );
    assert!(
        site.join("social-kit/articles/welcome/facebook.txt")
            .is_file()
    );
    // The scaffolded provider and location are drafts until filled in.
    assert!(!site.join("public/providers/dana-wu/index.html").exists());
}

pub fn a_provider_photo_is_shown_only_under_a_staff_release_that_holds() {
    let b = build();
    let ada = b.read("providers/ada-cole/index.html");
    assert!(
        ada.contains("<img class=\"provider-photo\" src=\"/providers/ada-cole/ada-cole-64.jpg\""),
        "Ada's release holds"
    );
    // Ben revoked his release: his page stays, his photo leaves every output.
    let ben = b.read("providers/ben-ross/index.html");
    assert!(!ben.contains("provider-photo"));
    assert!(
        b.stderr
            .contains("warning[provider::photo_release_revoked]"),
        "{}",
        b.stderr
    );
    let photo_files: Vec<String> = walkdir::WalkDir::new(&b.public)
        .into_iter()
        .chain(walkdir::WalkDir::new(&b.kit))
        .flatten()
        .map(|e| e.path().to_string_lossy().into_owned())
        .filter(|p| p.contains("ben-ross") && (p.ends_with(".png") || p.contains("ben-ross-")))
        .collect();
    assert!(photo_files.is_empty(), "{photo_files:?}");
}
