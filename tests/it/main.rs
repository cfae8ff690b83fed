//! The integration tests, in one binary: fixture sites (each must-fail site is a test
//! of its own, found in tests/fixtures/fail/ so adding one needs no code), the library
//! called in-process, a focused set of command-line tests, the preview server, and the
//! headless-Chromium tests.

mod challenges;
mod common;
mod compliance;
mod deploy;
mod docs;
mod events;
mod fixtures;
mod group;
mod images;
mod kit;
mod layers;
mod privacy_browser;
mod report;
mod serve;
mod serve_browser;
mod serve_incremental;
mod snapshots;
mod social;
mod validators;
mod video;

use libtest_mimic::{Arguments, Trial};

/// Plain test functions, each a trial named by its module and function.
macro_rules! trials {
    ($($test:path),* $(,)?) => {
        vec![$(Trial::test(stringify!($test).replace(' ', ""), || {
            $test();
            Ok(())
        })),*]
    };
}

fn main() {
    let args = Arguments::from_args();
    let mut tests = trials![
        layers::imports_point_only_down_the_layers,
        docs::every_diagnostic_code_is_documented_in_the_readme,
        fixtures::valid_site_builds_every_output,
        fixtures::withdrawn_drafts_and_future_items_appear_nowhere,
        fixtures::drafts_and_future_flags_include_them,
        fixtures::pages_carry_meta_tags_json_ld_and_review,
        fixtures::testimonials_are_sanitized_and_carry_disclosures,
        fixtures::output_images_are_re_encoded_without_metadata,
        fixtures::feed_and_sitemap_list_only_published_items,
        fixtures::rebuild_removes_stale_files_and_base_url_can_be_overridden,
        fixtures::a_build_into_the_kept_previous_output_equals_a_fresh_build,
        fixtures::check_writes_nothing_and_reports_warnings_in_every_format,
        fixtures::usage_and_environment_errors_exit_2,
        fixtures::init_scaffolds_a_site_that_builds_and_new_adds_content,
        fixtures::pages_carry_privacy_policies_and_the_check_reports_no_third_party_host,
        fixtures::a_tracker_with_a_business_associate_agreement_builds_with_a_note_and_is_audited,
        fixtures::a_refused_build_exits_1_and_leaves_the_output,
        compliance::phi_corpora_precision_and_recall,
        compliance::review_replies_are_judged_like_a_compliance_officer,
        compliance::reply_templates_of_the_example_site_pass,
        compliance::lint_reply_reads_stdin_and_names_line_and_column,
        compliance::consent_audit_reports_every_state_and_takedowns,
        images::every_item_has_every_preset_at_its_exact_size,
        images::the_site_holds_only_the_social_images_pages_and_upcoming_posts_link_to,
        kit::the_kit_is_beside_the_site_and_nothing_of_it_is_deployed,
        kit::the_kit_preview_links_only_to_files_beside_it,
        kit::the_kit_preview_opens_from_disk_in_chromium,
        images::no_output_image_carries_metadata,
        images::exif_orientation_is_applied_and_gps_reported,
        images::gif_uses_its_first_frame_and_png_alpha_has_no_dark_fringe,
        images::svg_text_is_rendered_with_the_bundled_font,
        images::items_without_an_image_get_title_cards_with_the_brand_colour,
        images::pages_carry_og_and_twitter_image_tags_for_their_kit,
        images::posts_link_their_platform_image_and_name_it_in_utm_content,
        images::unchanged_rebuild_decodes_nothing_and_a_changed_source_only_itself,
        images::two_builds_at_once_on_a_cold_cache_both_succeed_with_identical_images,
        images::cards_can_be_turned_off,
        social::every_snippet_is_counted_as_its_platform_counts_and_fits,
        video::video_posts_upload_the_file_where_the_platform_takes_it,
        report::report_figures_match_an_independent_recount,
        report::no_output_of_the_report_holds_a_readers_address_or_browser,
        report::an_unknown_file_is_an_error_naming_its_columns_and_the_formats_known,
        report::a_withdrawn_testimonial_leaves_the_posting_history,
        validators::the_report_page_passes_the_nu_html_checker_and_axe,
        social::links_carry_utm_tags_and_instagram_says_link_in_bio,
        social::consent_scope_disclosures_and_overrides,
        social::schedule_is_deterministic_and_never_doubles_a_platform_slot,
        social::calendar_and_csv_exports_are_well_formed,
        social::posts_beyond_the_horizon_are_only_in_posts_json,
        social::sprout_gets_one_file_per_network,
        social::the_calendar_parses_with_an_icalendar_parser,
        social::explicit_times_under_ten_minutes_apart_on_one_network_are_warned,
        social::theme_snippet_templates_override_the_default_whether_plain_or_not,
        social::polls_are_posted_as_each_platform_runs_them_and_their_page_shows_the_results,
        events::a_session_gets_its_countdown_series_on_every_platform_at_the_right_times,
        challenges::a_challenge_posts_each_prompt_on_its_day_with_its_hashtag,
        challenges::a_contest_has_its_official_rules_page_and_names_winners_who_consented,
        challenges::a_winner_whose_consent_is_revoked_is_withdrawn_like_a_testimonial,
        challenges::a_contest_missing_any_one_rule_is_refused_naming_it,
        challenges::a_poll_with_results_gets_a_follow_up_after_it_closes,
        group::providers_have_pages_with_physician_or_person_data_and_a_directory_that_filters_without_scripts,
        group::locations_have_hours_a_map_facade_and_medical_clinic_data,
        group::a_reviewer_named_by_id_is_linked_and_described_as_a_physician,
        group::a_clinics_own_phone_number_is_not_patient_information,
        group::each_location_account_gets_its_own_posts_on_its_own_cadence,
        group::init_group_starts_a_group_site_that_builds_and_new_adds_providers_and_locations,
        group::a_provider_photo_is_shown_only_under_a_staff_release_that_holds,
        validators::the_provider_directory_filters_with_javascript_off,
        events::each_session_has_a_calendar_file_and_event_data_that_agree_on_its_time,
        events::upcoming_sessions_are_listed_first_and_on_the_home_page_and_past_ones_after,
        snapshots::rendered_pages_match_snapshots,
        deploy::a_sub_path_site_has_no_broken_link_or_asset,
        serve::serves_pages_with_types_no_store_and_the_reload_script,
        serve::traversal_and_paths_outside_the_site_are_refused,
        serve::an_edit_is_served_and_browsers_are_told_to_reload,
        serve::a_revoked_consent_takes_the_testimonial_down,
        serve::a_refused_consent_gives_404_even_though_the_rebuild_fails,
        serve::a_broken_front_matter_shows_the_overlay_until_it_is_fixed,
        serve::a_stylesheet_change_reloads_styles_only,
        serve::ctrl_c_ends_cleanly,
        serve::binding_beyond_loopback_warns,
        serve::polling_watcher_sees_edits,
        serve_incremental::first_render_equals_build,
        serve_incremental::video_files_rebuild_their_item_when_they_change,
        serve_incremental::incremental_rebuilds_equal_a_full_build_after_each_edit,
        serve_incremental::refused_item_leaves_at_once_even_when_the_rebuild_fails,
        serve_incremental::template_and_config_errors_fail_until_fixed_and_edits_made_meanwhile_count,
        serve_browser::the_preview_plays_and_seeks_a_local_video,
        serve_browser::browser_shows_edits_and_errors_without_a_manual_reload,
        privacy_browser::embeds_contact_no_one_until_the_reader_clicks,
        validators::every_page_type_passes_the_nu_html_checker,
        validators::every_page_type_has_no_axe_violations,
        validators::search_finds_published_items_under_a_sub_path_and_nothing_else,
    ];
    let fail_dir = common::fixture("fail");
    let mut sites: Vec<_> = std::fs::read_dir(&fail_dir)
        .expect("tests/fixtures/fail exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("expected").is_file())
        .collect();
    sites.sort();
    assert!(
        sites.len() >= 30,
        "expected the full set of must-fail fixtures"
    );
    for site in sites {
        let name = format!(
            "fixtures::fail::{}",
            site.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        );
        tests.push(Trial::test(name, move || {
            fixtures::must_fail(&site);
            Ok(())
        }));
    }
    libtest_mimic::run(&args, tests).exit();
}
