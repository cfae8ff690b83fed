//! A poll checked against the rules of every platform it is posted to: an option or a
//! question that does not fit, or a duration a platform does not offer, is an error
//! naming the platform and its limit, never a silent cut (`platform::PollRules`).

use crate::config::Config;
use crate::content::{Detail, Item};
use crate::diagnostics::Diagnostic;
use crate::platform::{PollMisfit, minutes_text, preset};

/// The errors of `item`'s poll on each of the site's platforms it is not skipped on.
pub fn check(config: &Config, item: &Item) -> Vec<Diagnostic> {
    let Detail::Poll {
        question,
        options,
        duration_minutes,
        ..
    } = &item.detail
    else {
        return Vec::new();
    };
    if item.social.skip_all {
        return Vec::new();
    }
    let skip_help = |platform: &str| {
        format!("or leave {platform} out of this poll with `social: {{ skip: [{platform}] }}`")
    };
    let mut out = Vec::new();
    for name in &config.social.platforms {
        let Some(facts) = preset(name) else {
            continue;
        };
        if item.social.skip.iter().any(|s| s == name) {
            continue;
        }
        let rules = facts.poll;
        for misfit in rules.misfits(question, options, *duration_minutes) {
            let (code, key, message, help) = match misfit {
                PollMisfit::OptionCount { count } => (
                    "poll::options_count",
                    "options",
                    format!(
                        "{} polls take {} to {} options; this one has {count}",
                        facts.label, rules.min_options, rules.max_options
                    ),
                    format!("change the options {}", skip_help(name)),
                ),
                PollMisfit::OptionTooLong { option, chars } => (
                    "poll::option_too_long",
                    "options",
                    format!(
                        "the option `{option}` is {chars} characters; {} allows {}",
                        facts.label, rules.option_chars
                    ),
                    format!(
                        "shorten it to {} characters {}",
                        rules.option_chars,
                        skip_help(name)
                    ),
                ),
                PollMisfit::QuestionTooLong { chars } => (
                    "poll::question_too_long",
                    "question",
                    format!(
                        "the question is {chars} characters; {} allows {}",
                        facts.label,
                        rules.question_chars.unwrap_or_default()
                    ),
                    format!("shorten the question {}", skip_help(name)),
                ),
                PollMisfit::DurationNotOffered => (
                    "poll::duration_not_offered",
                    "duration",
                    format!(
                        "{} polls do not run {}: they run {}",
                        facts.label,
                        minutes_text(*duration_minutes),
                        rules.durations_offered()
                    ),
                    format!(
                        "choose a duration {} offers {}",
                        facts.label,
                        skip_help(name)
                    ),
                ),
            };
            out.push(
                Diagnostic::error(code, message)
                    .in_file(&item.source)
                    .at_line(item.key_line(key))
                    .with_help(help),
            );
        }
    }
    out
}
