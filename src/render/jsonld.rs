//! Structured data (schema.org JSON-LD) for search engines: `MedicalWebPage` with
//! `reviewedBy` and `lastReviewed` for articles, so the review trail is machine-readable.

use crate::config::Config;
use crate::content::{Detail, Item, Kind};
use crate::plan::Published;
use serde_json::{Value, json};

fn publisher(config: &Config) -> Value {
    let mut org = json!({
        "@type": "MedicalClinic",
        "name": config.practice_name(),
        "url": config.absolute("/"),
    });
    if let Some(phone) = &config.practice.phone {
        org["telephone"] = json!(phone);
    }
    if let Some(email) = &config.practice.email {
        org["email"] = json!(email);
    }
    org
}

/// A provider as schema.org describes a clinician: `Physician` for doctors (MD, DO),
/// else a `Person` with their occupation and the specialties they know about.
pub fn person(config: &Config, item: &Item) -> Value {
    let Detail::Provider {
        name,
        credentials,
        specialties,
        npi,
        languages,
        accepting_new_patients,
        ..
    } = &item.detail
    else {
        return json!({ "@type": "Person", "name": item.title });
    };
    let physician = credentials.iter().any(|c| {
        matches!(
            c.trim_matches('.').to_ascii_uppercase().as_str(),
            "MD" | "DO"
        )
    });
    let mut v = if physician {
        json!({
            "@type": "Physician",
            "name": item.title,
            "medicalSpecialty": specialties,
        })
    } else {
        json!({
            "@type": "Person",
            "name": name,
            "honorificSuffix": credentials.join(", "),
            "jobTitle": credentials.join(", "),
            "knowsAbout": specialties
                .iter()
                .map(|s| json!({ "@type": "MedicalSpecialty", "name": s }))
                .collect::<Vec<_>>(),
            "worksFor": publisher(config),
        })
    };
    v["url"] = json!(config.absolute(&item.path()));
    if let Some(n) = npi {
        v["identifier"] = json!({ "@type": "PropertyValue", "propertyID": "NPI", "value": n });
    }
    if !languages.is_empty() {
        v["knowsLanguage"] = json!(languages);
        if physician {
            v["availableLanguage"] = json!(languages);
        }
    }
    if let (true, Some(accepting)) = (physician, accepting_new_patients) {
        v["isAcceptingNewPatients"] = json!(accepting);
    }
    v
}

/// A location as schema.org's `MedicalClinic`: address, geo, phone, opening hours
/// (`openingHoursSpecification`) and closures (`specialOpeningHoursSpecification`).
fn clinic(config: &Config, item: &Item) -> Value {
    let Detail::Location {
        address,
        geo,
        phone,
        fax,
        email,
        hours,
        closures,
        ..
    } = &item.detail
    else {
        return json!({});
    };
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "name": item.title,
        "description": item.description,
        "url": config.absolute(&item.path()),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": address.street,
            "addressLocality": address.city,
            "addressRegion": address.region,
            "postalCode": address.postal_code,
            "addressCountry": address.country,
        },
        "parentOrganization": publisher(config),
    });
    if let Some([lat, lon]) = geo {
        v["geo"] = json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon });
    }
    for (key, value) in [("telephone", phone), ("faxNumber", fax), ("email", email)] {
        if let Some(value) = value {
            v[key] = json!(value);
        }
    }
    let days: Vec<Value> = hours
        .iter()
        .flat_map(|(day, ranges)| {
            ranges.iter().map(move |(opens, closes)| {
                json!({
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": format!("https://schema.org/{}", crate::dates::weekday_name(*day)),
                    "opens": opens.strftime("%H:%M").to_string(),
                    "closes": closes.strftime("%H:%M").to_string(),
                })
            })
        })
        .collect();
    v["openingHoursSpecification"] = Value::Array(days);
    if !closures.is_empty() {
        // Closed all day: opens and closes at midnight (schema.org's convention).
        v["specialOpeningHoursSpecification"] = closures
            .iter()
            .map(|(day, _)| {
                json!({
                    "@type": "OpeningHoursSpecification",
                    "validFrom": day.iso(),
                    "validThrough": day.iso(),
                    "opens": "00:00",
                    "closes": "00:00",
                })
            })
            .collect();
    }
    v
}

/// A health page (article, tip, the page of a video): schema.org `MedicalWebPage` with
/// its reviewer, review date, keywords and citations.
fn medical_page(config: &Config, v: &mut Value, item: &Item, reviewer: Option<&Item>) {
    v["@type"] = json!("MedicalWebPage");
    v["headline"] = json!(item.title);
    if let Some(u) = item.updated.or(item.date) {
        v["dateModified"] = json!(u.iso());
    }
    let (reviewed_by, last_reviewed) = item.medical_review().unwrap_or((None, None));
    match (reviewer, reviewed_by) {
        (Some(provider), _) => v["reviewedBy"] = person(config, provider),
        (None, Some(r)) => v["reviewedBy"] = json!({ "@type": "Person", "name": r }),
        (None, None) => {}
    }
    if let Some(d) = last_reviewed {
        v["lastReviewed"] = json!(d.iso());
    }
    if !item.tags.is_empty() {
        v["keywords"] = json!(item.tags.join(", "));
    }
    let cites: Vec<Value> = item
        .citations()
        .iter()
        .map(|c| {
            let mut cw = json!({ "@type": "CreativeWork", "name": c.title });
            if let Some(u) = &c.url {
                cw["url"] = json!(u);
            }
            if let Some(p) = &c.publisher {
                cw["publisher"] = json!({ "@type": "Organization", "name": p });
            }
            cw
        })
        .collect();
    if !cites.is_empty() {
        v["citation"] = Value::Array(cites);
    }
}

/// A video's schema.org `VideoObject` (what Google's video results read:
/// https://developers.google.com/search/docs/appearance/structured-data/video):
/// name, description, thumbnail, upload date, ISO 8601 duration, the file
/// (`contentUrl`) or the player (`embedUrl`), and the transcript.
fn video_object(config: &Config, p: &Published<'_>) -> Option<Value> {
    let item = p.item;
    let Detail::Video {
        source,
        duration_seconds,
        ..
    } = &item.detail
    else {
        return None;
    };
    let mut video = json!({
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": item.title,
        "description": item.description,
        "url": config.absolute(&item.path()),
        "inLanguage": config.language,
        "publisher": publisher(config),
    });
    if let Some(t) = super::video::poster_path(p) {
        video["thumbnailUrl"] = json!(config.absolute(&t));
    }
    if let Some(d) = item.date {
        video["uploadDate"] = json!(d.iso());
    }
    if let Some(d) = duration_seconds {
        video["duration"] = json!(crate::video::iso_duration(*d));
    }
    match source {
        crate::content::model::VideoSource::File(f) => {
            video["contentUrl"] = json!(config.absolute(&item.beside_path(f)));
        }
        crate::content::model::VideoSource::Hosted(e) => {
            video["embedUrl"] = json!(e.frame);
        }
    }
    let transcript = crate::html::text(&item.body.html);
    if !transcript.is_empty() {
        video["transcript"] = json!(transcript);
    }
    Some(video)
}

/// The page's JSON-LD; `reviewer` is the provider an article's `reviewed_by` names.
pub fn for_item(config: &Config, p: &Published<'_>, reviewer: Option<&Item>) -> String {
    let item: &Item = p.item;
    let url = config.absolute(&item.path());
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": item.title,
        "description": item.description,
        "url": url,
        "inLanguage": config.language,
        "publisher": publisher(config),
    });
    if let Some(d) = item.date {
        v["datePublished"] = json!(d.iso());
    }
    if let Some(img) = &p.image {
        v["image"] = json!(config.absolute(&img.path()));
    }
    match &item.detail {
        Detail::Article { author, .. } => {
            medical_page(config, &mut v, item, reviewer);
            if let Some(a) = author {
                v["author"] = json!({ "@type": "Person", "name": a });
            }
        }
        Detail::Tip { .. } => medical_page(config, &mut v, item, reviewer),
        Detail::Video { .. } => {
            medical_page(config, &mut v, item, reviewer);
            let Some(video) = video_object(config, p) else {
                return to_script(&v);
            };
            return to_script(&json!([v, video]));
        }
        Detail::Event {
            start,
            end,
            url: watch,
            hosts,
            status,
            ..
        } => {
            // Google's event rich results read an `Event` at the top level
            // (https://developers.google.com/search/docs/appearance/structured-data/event).
            let mut event = json!({
                "@context": "https://schema.org",
                "@type": "Event",
                "name": item.title,
                "description": item.description,
                "url": url,
                "inLanguage": config.language,
                "startDate": crate::dates::rfc3339(start),
                "endDate": crate::dates::rfc3339(end),
                "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
                "eventStatus": status.schema_org(),
                "location": {
                    "@type": "VirtualLocation",
                    "url": watch.clone().unwrap_or_else(|| url.clone()),
                },
                "organizer": publisher(config),
                "isAccessibleForFree": true,
            });
            if !hosts.is_empty() {
                event["performer"] = hosts
                    .iter()
                    .map(|h| json!({ "@type": "Person", "name": h }))
                    .collect();
            }
            if let Some(image) = v.get("image") {
                event["image"] = image.clone();
            }
            return to_script(&event);
        }
        Detail::Provider { .. } => {
            let mut person = person(config, item);
            person["@context"] = json!("https://schema.org");
            person["description"] = json!(item.description);
            return to_script(&person);
        }
        Detail::Location { .. } => return to_script(&clinic(config, item)),
        Detail::Infographic { alt, .. } if item.kind == Kind::Infographic => {
            v["@type"] = json!("MedicalWebPage");
            v["about"] = json!(alt);
        }
        _ => {}
    }
    to_script(&v)
}

pub fn for_home(config: &Config) -> String {
    let v = json!({
        "@context": "https://schema.org",
        "@graph": [
            { "@type": "WebSite", "name": config.title, "url": config.absolute("/"), "inLanguage": config.language },
            publisher(config),
        ]
    });
    to_script(&v)
}

pub fn for_listing(config: &Config, title: &str, path: &str) -> String {
    let v = json!({
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": title,
        "url": config.absolute(path),
        "inLanguage": config.language,
        "publisher": publisher(config),
    });
    to_script(&v)
}

/// JSON safe to place inside `<script type="application/ld+json">`.
fn to_script(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_else(|_| "{}".into())
        .replace("</", "<\\/")
        .replace("<!--", "<\\u0021--")
}
