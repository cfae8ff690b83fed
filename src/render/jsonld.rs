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

pub fn for_item(config: &Config, p: &Published<'_>) -> String {
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
        Detail::Article {
            author,
            citations,
            reviewed_by,
            last_reviewed,
            ..
        } => {
            v["@type"] = json!("MedicalWebPage");
            v["headline"] = json!(item.title);
            if let Some(u) = item.updated.or(item.date) {
                v["dateModified"] = json!(u.iso());
            }
            if let Some(r) = reviewed_by {
                v["reviewedBy"] = json!({ "@type": "Person", "name": r });
            }
            if let Some(d) = last_reviewed {
                v["lastReviewed"] = json!(d.iso());
            }
            if let Some(a) = author {
                v["author"] = json!({ "@type": "Person", "name": a });
            }
            if !item.tags.is_empty() {
                v["keywords"] = json!(item.tags.join(", "));
            }
            let cites: Vec<Value> = citations
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
