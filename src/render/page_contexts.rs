//! The template context of each page job.

use super::context::{item_view, tag_ref};
use super::jsonld;
use super::pages::*;
use crate::content::{Detail, Kind};
use crate::plan::Published;
use crate::routes::{output_file, page_path, pages_for};
use tera::Context;

impl<'a> Pages<'a> {
    /// The template, output file and context of one job.
    pub(super) fn build(&self, job: &Job<'a>) -> (&'static str, String, Context) {
        let config = self.config;
        let per = config.paginate_by;
        let mut ctx = Context::new();
        match job {
            Job::Item(p) => {
                let item = p.item;
                let template = match item.kind {
                    Kind::Article => "article.html",
                    Kind::Testimonial => "testimonial.html",
                    Kind::Infographic => "infographic.html",
                    Kind::Poll => "poll.html",
                    Kind::Event => "event.html",
                    Kind::Challenge => "challenge.html",
                    Kind::Video => "video.html",
                    Kind::Tip => "tip.html",
                    Kind::Team => "team.html",
                    Kind::Provider => "provider.html",
                    Kind::Location => "location.html",
                    Kind::Page => "page.html",
                };
                let mut view = item_view(
                    config,
                    item,
                    p.disclosure.as_deref(),
                    p.image.as_ref(),
                    true,
                );
                view.set_today(item, self.today);
                view.challenge = super::context::challenge_view(item, &p.winner_names);
                view.player = super::video::video_view(config, p);
                if !item.body.videos.is_empty() {
                    view.content = super::video::with_players(&item.body.html, item, &|id| {
                        self.video(id)
                            .and_then(|v| super::video::video_view(config, v))
                            .map(|v| v.player)
                    });
                }
                self.add_people_and_places(&mut view, item);
                let og_type = if matches!(item.kind, Kind::Page | Kind::Provider | Kind::Location) {
                    "website"
                } else {
                    "article"
                };
                let mut meta = self.meta(
                    &item.title,
                    &item.description,
                    &item.path(),
                    og_type,
                    super::context::kit_image_view(config, p).or_else(|| view.image.clone()),
                    jsonld::for_item(config, p, self.reviewer_of(item)),
                );
                meta.csp = self.csp_of(job).into_owned();
                meta.embeds = !self.frames_of(item).is_empty();
                ctx.insert("meta", &meta);
                ctx.insert("page", &view);
                (template, output_file(&item.path()), ctx)
            }
            Job::Section { kind, page } => {
                let all = self.of_kind(*kind);
                let total = pages_for(all.len(), per);
                let (title, intro) = section_meta(*kind);
                let chunk: Vec<&Published> = all
                    .iter()
                    .skip((page - 1) * per)
                    .take(per)
                    .copied()
                    .collect();
                let path = page_path(kind.section(), *page);
                let page_title = if *page > 1 {
                    format!("{title} (page {page} of {total})")
                } else {
                    title.to_string()
                };
                ctx.insert(
                    "meta",
                    &self.meta(
                        &page_title,
                        intro,
                        &path,
                        "website",
                        None,
                        jsonld::for_listing(config, title, &path),
                    ),
                );
                ctx.insert(
                    "section",
                    &SectionView {
                        kind: kind.label(),
                        title,
                        intro,
                        path: page_path(kind.section(), 1),
                    },
                );
                ctx.insert("items", &summaries(config, &chunk, self.today));
                if *kind == Kind::Provider {
                    ctx.insert("facets", &self.facet_links());
                }
                ctx.insert(
                    "paginator",
                    &self.paginator(&page_path(kind.section(), 1), *page, all.len()),
                );
                ("section.html", output_file(&path), ctx)
            }
            Job::Tags => {
                let list: Vec<TagSummary> = self
                    .tags
                    .iter()
                    .map(|(slug, (name, items))| TagSummary {
                        name: name.clone(),
                        path: format!("/tags/{slug}/"),
                        count: items.len(),
                    })
                    .collect();
                ctx.insert(
                    "meta",
                    &self.meta(
                        "Topics",
                        "Every topic in our health library.",
                        "/tags/",
                        "website",
                        None,
                        jsonld::for_listing(config, "Topics", "/tags/"),
                    ),
                );
                ctx.insert("tags", &list);
                ("tags.html", "tags/index.html".into(), ctx)
            }
            Job::Tag { slug, page } => {
                let (name, items) = &self.tags[*slug];
                let total = pages_for(items.len(), per);
                let base = format!("/tags/{slug}/");
                let path = if *page > 1 {
                    format!("{base}page/{page}/")
                } else {
                    base.clone()
                };
                let chunk: Vec<&Published> = items
                    .iter()
                    .skip((page - 1) * per)
                    .take(per)
                    .copied()
                    .collect();
                let title = if *page > 1 {
                    format!("Topic: {name} (page {page} of {total})")
                } else {
                    format!("Topic: {name}")
                };
                let description = format!(
                    "Health information about {name} from {}.",
                    config.practice_name()
                );
                ctx.insert(
                    "meta",
                    &self.meta(
                        &title,
                        &description,
                        &path,
                        "website",
                        None,
                        jsonld::for_listing(config, &title, &path),
                    ),
                );
                ctx.insert("tag", &tag_ref(name));
                ctx.insert("items", &summaries(config, &chunk, self.today));
                ctx.insert("paginator", &self.paginator(&base, *page, items.len()));
                ("tag.html", output_file(&path), ctx)
            }
            Job::Home => {
                ctx.insert(
                    "meta",
                    &self.meta(
                        &config.title,
                        &config.description,
                        "/",
                        "website",
                        None,
                        jsonld::for_home(config),
                    ),
                );
                ctx.insert(
                    "articles",
                    &summaries(
                        config,
                        &self.articles[..self.articles.len().min(6)],
                        self.today,
                    ),
                );
                ctx.insert(
                    "testimonials",
                    &summaries(
                        config,
                        &self.testimonials[..self.testimonials.len().min(3)],
                        self.today,
                    ),
                );
                ctx.insert(
                    "infographics",
                    &summaries(
                        config,
                        &self.infographics[..self.infographics.len().min(4)],
                        self.today,
                    ),
                );
                ctx.insert(
                    "events",
                    &summaries(
                        config,
                        &self.events[..self.upcoming_events.min(3)],
                        self.today,
                    ),
                );
                ("index.html", "index.html".into(), ctx)
            }
            Job::NotFound => {
                ctx.insert(
                    "meta",
                    &self.meta(
                        "Page not found",
                        "This page does not exist. Our health library and topics list everything we publish.",
                        "/404.html",
                        "website",
                        None,
                        "{}".into(),
                    ),
                );
                ("404.html", "404.html".into(), ctx)
            }
            Job::ProviderFacet(i) => {
                let facet = &self.facets[*i];
                let label = self.facet_label(facet);
                let title = format!("Providers: {label}");
                let intro = match facet.facet {
                    "specialty" => format!("Our providers in {label}."),
                    "location" => format!("Our providers at {label}."),
                    _ => format!("Our providers who speak {label}."),
                };
                ctx.insert(
                    "meta",
                    &self.meta(
                        &title,
                        &intro,
                        &facet.path,
                        "website",
                        None,
                        jsonld::for_listing(config, &title, &facet.path),
                    ),
                );
                ctx.insert(
                    "section",
                    &serde_json::json!({
                        "kind": Kind::Provider.label(),
                        "title": title,
                        "intro": intro,
                        "path": page_path(Kind::Provider.section(), 1),
                    }),
                );
                ctx.insert("items", &summaries(config, &facet.providers, self.today));
                ctx.insert("facets", &self.facet_links());
                ctx.insert("current_facet", &facet.path);
                // One page per filter: never paginated.
                ctx.insert("paginator", &self.paginator(&facet.path, 1, 0));
                ("section.html", output_file(&facet.path), ctx)
            }
            Job::ContestRules(p) => {
                let path = super::context::rules_path(p.item);
                let title = format!("Official rules: {}", p.item.title);
                ctx.insert(
                    "meta",
                    &self.meta(
                        &title,
                        &format!(
                            "The official rules of {}, a contest run by {}.",
                            p.item.title,
                            config.practice_name()
                        ),
                        &path,
                        "website",
                        None,
                        "{}".into(),
                    ),
                );
                let mut view = item_view(config, p.item, None, None, false);
                view.challenge = super::context::challenge_view(p.item, &p.winner_names);
                ctx.insert("page", &view);
                ("contest_rules.html", output_file(&path), ctx)
            }
            Job::Search => {
                let mut meta = self.meta(
                    "Search",
                    "Search the health library, infographics and patient stories.",
                    "/search/",
                    "website",
                    None,
                    "{}".into(),
                );
                meta.csp = self.csp_of(job).into_owned();
                ctx.insert("meta", &meta);
                ("search.html", "search/index.html".into(), ctx)
            }
            Job::Feed => {
                let fed = self.feed_items();
                let entries: Vec<FeedEntry> = fed
                    .iter()
                    .map(|&(date, p)| FeedEntry {
                        title: &p.item.title,
                        url: config.absolute(&p.item.path()),
                        published: rfc3339(date),
                        updated: rfc3339(p.item.updated.unwrap_or(date)),
                        summary: &p.item.description,
                        content: &p.item.body.html,
                        author: match &p.item.detail {
                            Detail::Article { author, .. } => author.as_deref(),
                            _ => None,
                        },
                    })
                    .collect();
                let updated = fed
                    .iter()
                    .map(|(date, p)| p.item.updated.unwrap_or(*date))
                    .max()
                    .unwrap_or(self.today);
                ctx.insert("entries", &entries);
                ctx.insert("feed_updated", &rfc3339(updated));
                ctx.insert("feed_url", &config.absolute("/feed.xml"));
                ("feed.xml", "feed.xml".into(), ctx)
            }
            Job::Sitemap => {
                // Every HTML page the render writes, paginated listings included, in
                // the order home, listings, items, tag index, tags.
                let mut listed: Vec<(u8, SitemapUrl)> = self
                    .jobs()
                    .iter()
                    .filter_map(|job| {
                        let (rank, lastmod) = match job {
                            Job::Home => (0, None),
                            Job::Section { .. } => (1, None),
                            Job::Item(p) => (2, p.item.updated.or(p.item.date).map(|d| d.iso())),
                            Job::Tags => (3, None),
                            Job::Tag { .. } => (4, None),
                            Job::ContestRules(_) => (2, None),
                            Job::ProviderFacet(_) => (1, None),
                            Job::NotFound
                            | Job::Search
                            | Job::Feed
                            | Job::Sitemap
                            | Job::Robots => return None,
                        };
                        let loc = config.absolute(&self.url_path(job));
                        Some((rank, SitemapUrl { loc, lastmod }))
                    })
                    .collect();
                listed.sort_by_key(|(rank, _)| *rank);
                let urls: Vec<SitemapUrl> = listed.into_iter().map(|(_, url)| url).collect();
                ctx.insert("urls", &urls);
                ("sitemap.xml", "sitemap.xml".into(), ctx)
            }
            Job::Robots => {
                ctx.insert("sitemap_url", &config.absolute("/sitemap.xml"));
                ctx.insert("base_path", config.base_path());
                ("robots.txt", "robots.txt".into(), ctx)
            }
        }
    }
}
