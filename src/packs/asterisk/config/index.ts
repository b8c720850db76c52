// The config set: every revision of Asterisk's contrib/ast-db-manage/config, oldest first.

import rev_4da0c5f79a9c from './4da0c5f79a9c_create_tables.js';
import rev_43956d550a44 from './43956d550a44_add_tables_for_pjsip.js';
import rev_581a4264e537 from './581a4264e537_adding_extensions.js';
import rev_2fc7930b41b3 from './2fc7930b41b3_add_pjsip_endpoint_options_for_12_1.js';
import rev_21e526ad3040 from './21e526ad3040_add_pjsip_debug_option.js';
import rev_28887f25a46f from './28887f25a46f_create_queue_tables.js';
import rev_4c573e7135bd from './4c573e7135bd_fix_tos_field_types.js';
import rev_3855ee4e5f85 from './3855ee4e5f85_add_missing_pjsip_options.js';
import rev_e96a0b8071c from './e96a0b8071c_increase_pjsip_column_size.js';
import rev_c6d929b23a8 from './c6d929b23a8_create_pjsip_subscription_persistence_.js';
import rev_51f8cb66540e from './51f8cb66540e_add_further_dtls_options.js';
import rev_1d50859ed02e from './1d50859ed02e_create_accountcode.js';
import rev_1758e8bbf6b from './1758e8bbf6b_increase_useragent_column_size.js';
import rev_5139253c0423 from './5139253c0423_make_q_member_uniqueid_autoinc.js';
import rev_d39508cb8d8 from './d39508cb8d8_create_queue_rules.js';
import rev_5950038a6ead from './5950038a6ead_fix_pjsip_verifiy_typo.js';
import rev_10aedae86a32 from './10aedae86a32_add_outgoing_enum_va.js';
import rev_371a3bf4143e from './371a3bf4143e_add_user_eq_phone_option_to_pjsip.js';
import rev_15b1430ad6f1 from './15b1430ad6f1_add_moh_passthrough_option_to_pjsip.js';
import rev_945b1098bdd from './945b1098bdd_add_media_encryption_optimistic_to_pjsip.js';
import rev_45e3f47c6c44 from './45e3f47c6c44_add_pjsip_endpoint_identifier_order.js';
import rev_23530d604b96 from './23530d604b96_add_rpid_immediate.js';
import rev_31cd4f4891ec from './31cd4f4891ec_add_auto_dtmf_mode.js';
import rev_461d7d691209 from './461d7d691209_add_pjsip_qualify_timeout.js';
import rev_a541e0b5e89 from './a541e0b5e89_add_pjsip_max_initial_qualify_time.js';
import rev_28b8e71e541f from './28b8e71e541f_add_g726_non_standard.js';
import rev_498357a710ae from './498357a710ae_add_rtp_keepalive.js';
import rev_26f10cadc157 from './26f10cadc157_add_pjsip_timeout_options.js';
import rev_154177371065 from './154177371065_add_default_from_user.js';
import rev_28ce1e718f05 from './28ce1e718f05_add_fatal_response_interval.js';
import rev_339a3bdf53fc from './339a3bdf53fc_expand_accountcode_to_80.js';
import rev_189a235b3fd7 from './189a235b3fd7_add_keep_alive_interval.js';
import rev_2d078ec071b7 from './2d078ec071b7_increaes_contact_column_size.js';
import rev_26d7f3bf0fa5 from './26d7f3bf0fa5_add_bind_rtp_to_media_address_to_pjsip.js';
import rev_136885b81223 from './136885b81223_add_regcontext_to_pj.js';
import rev_423f34ad36e2 from './423f34ad36e2_fix_pjsip_qualify_ti.js';
import rev_dbc44d5a908 from './dbc44d5a908_add_missing_columns_to_sys_and_reg.js';
import rev_3bcc0b5bc2c9 from './3bcc0b5bc2c9_add_allow_reload_to_ps_transports.js';
import rev_5813202e92be from './5813202e92be_add_contact_expiration_check_interval_.js';
import rev_1c688d9a003c from './1c688d9a003c_pjsip_voicemail_extension.js';
import rev_8d478ab86e29 from './8d478ab86e29_pjsip_add_disable_multi_domain.js';
import rev_65eb22eb195 from './65eb22eb195_add_unidentified_request_options_to_.js';
import rev_81b01a191a46 from './81b01a191a46_pjsip_add_contact_reg_server.js';
import rev_6be31516058d from './6be31516058d_ps_contacts_add_authenticate_qualify.js';
import rev_d7e3c73eb2bf from './d7e3c73eb2bf_add_pjsip_endpoint_ip_access_control_.js';
import rev_a845e4d8ade8 from './a845e4d8ade8_res_pjsip_add_contact_via_addr_and_.js';
import rev_ef7efc2d3964 from './ef7efc2d3964_ps_contacts_add_endpoint_and_modify_.js';
import rev_9deac0ae4717 from './9deac0ae4717_pjsip_add_subscribe_context.js';
import rev_4a6c67fa9b7a from './4a6c67fa9b7a_add_fax_detect_timeout_option.js';
import rev_c7a44a5a0851 from './c7a44a5a0851_pjsip_add_global_mwi_options.js';
import rev_3772f8f828da from './3772f8f828da_update_identify_by.js';
import rev_4e2493ef32e6 from './4e2493ef32e6_add_contact_user_to_endpoint.js';
import rev_7f3e21abe318 from './7f3e21abe318_add_preferred_codec_only_option_to_pjsip.js';
import rev_a6ef36f1309 from './a6ef36f1309_ps_globals_add_ignore_uri_user_options.js';
import rev_4468b4a91372 from './4468b4a91372_add_pjsip_asymmetric_rtp_codec.js';
import rev_28ab27a7826d from './28ab27a7826d_add_srv_lookups_to_identify.js';
import rev_465e70e8c337 from './465e70e8c337_add_match_header_attribute_to_identify.js';
import rev_15db7b91a97a from './15db7b91a97a_add_rtcp_mux.js';
import rev_f638dbe2eb23 from './f638dbe2eb23_symmetric_transport.js';
import rev_8fce4c573e15 from './8fce4c573e15_add_pjsip_allow_overlap.js';
import rev_2da192dbbc65 from './2da192dbbc65_add_publish_tables.js';
import rev_1d0e332c32af from './1d0e332c32af_create_rls_table.js';
import rev_86bb1efa278d from './86bb1efa278d_add_ps_endpoints_refer_blind_progress.js';
import rev_d7983954dd96 from './d7983954dd96_add_ps_endpoints_notify_early_inuse_.js';
import rev_39959b9c2566 from './39959b9c2566_pjsip_stream_maximum.js';
import rev_164abbd708c from './164abbd708c_add_auto_info_to_endpoint_dtmf_mode.js';
import rev_44ccced114ce from './44ccced114ce_add_webrtc.js';
import rev_f3d1c5d38b56 from './f3d1c5d38b56_add_prune_on_boot.js';
import rev_b83645976fdd from './b83645976fdd_add_dtls_fingerprint_to_ps_endpoints.js';
import rev_a1698e8bb9c5 from './a1698e8bb9c5_add_incoming_mwi_mailbox.js';
import rev_20abce6d1e3c from './20abce6d1e3c_add_pjsip_identify_by_ip.js';
import rev_de83fac997e2 from './de83fac997e2_add_bundle_to_ps_endpoints.js';
import rev_041c0d3d1857 from './041c0d3d1857_add_dtls_auto_gen_cert.js';
import rev_e2f04d309071 from './e2f04d309071_add_wrapuptime_to_queue_members.js';
import rev_52798ad97bdf from './52798ad97bdf_add_pjsip_identify_by_header.js';
import rev_d3e4284f8707 from './d3e4284f8707_add_prune_on_boot_to_ps_subscription_.js';
import rev_0be05c3a8225 from './0be05c3a8225_add_early_media_options.js';
import rev_19b00bc19b7b from './19b00bc19b7b_add_suppress_q850_reason_headers_to_.js';
import rev_1d3ed26d9978 from './1d3ed26d9978_increase_uri_column_size.js';
import rev_fe6592859b85 from './fe6592859b85_fix_mwi_subscribe_replaces_.js';
import rev_7f85dd44c775 from './7f85dd44c775_fix_suppress_q850_reason_headers.js';
import rev_465f47f880be from './465f47f880be_add_pjsip_google_voice_sip_options.js';
import rev_2bb1a85135ad from './2bb1a85135ad_pjsip_add_use_callerid_contact.js';
import rev_1ac563b350a8 from './1ac563b350a8_add_pjsip_trust_send__connected_line.js';
import rev_0838f8db6a61 from './0838f8db6a61_pjsip_add_send_contact_status_on_update_.js';
import rev_f3c0b8695b66 from './f3c0b8695b66_taskprocessor_overload_trigger.js';
import rev_80473bad3c16 from './80473bad3c16_ignore_183_without_sdp.js';
import rev_3a094a18e75b from './3a094a18e75b_pjsip_add_norefersub.js';
import rev_fbb7766f17bc from './fbb7766f17bc_add_playlist_to_moh.js';
import rev_79290b511e4b from './79290b511e4b_pjsip_add_disable_rport.js';
import rev_b80485ff4dd0 from './b80485ff4dd0_add_pjsip_endpoint_acn_options.js';
import rev_61797b9fced6 from './61797b9fced6_add_stir_shaken.js';
import rev_1ae0609b6646 from './1ae0609b6646_increse_reg_server_size.js';
import rev_e658c26033ca from './e658c26033ca_create_history_info_flag.js';
import rev_8915fcc5766f from './8915fcc5766f_add_ringinuse_to_queue_members.js';
import rev_c20d6e3992f4 from './c20d6e3992f4_add_allow_unauthenticated_options.js';
import rev_f56d79a9f337 from './f56d79a9f337_pjsip_create_remove_unavailable.js';
import rev_a06d8f8462d9 from './a06d8f8462d9_add_t38_bind_udptl_to_media_address.js';
import rev_8f72185e437f from './8f72185e437f_res_pjsip_pubsub_add_resource_list_.js';
import rev_0bee61aa9425 from './0bee61aa9425_allow_180_ringing_with_sdp.js';
import rev_18e0805d367f from './18e0805d367f_max_random_initial_delay.js';
import rev_58e440314c2a from './58e440314c2a_allow_wildcard_certs.js';
import rev_7197536bb68d from './7197536bb68d_geoloc_endpoint_params.js';
import rev_9f3692b1654b from './9f3692b1654b_add_stir_shaken_profile_and_codec_.js';
import rev_539f68bede2c from './539f68bede2c_add_peer_supported_to_100rel.js';
import rev_417c0247fd7e from './417c0247fd7e_add_security_negotiation_and_security_.js';
import rev_ccf795ee535f from './ccf795ee535f_all_codecs_on_empty_reinvite.js';
import rev_5a2247c957d2 from './5a2247c957d2_add_aoc_option.js';
import rev_f261363a857f from './f261363a857f_add_overlap_context.js';
import rev_4042a0ff4d9f from './4042a0ff4d9f_add_reason_paused_to_queue_members.js';
import rev_f5b0e7427449 from './f5b0e7427449_add_loop_last_to_res_musiconhold.js';
import rev_dac2b4c328b8 from './dac2b4c328b8_incease_pjsip_id_length.js';
import rev_37a5332640e2 from './37a5332640e2_update_pjsip_tls_method_list.js';
import rev_24c12d8e9014 from './24c12d8e9014_add_user_agent_header_to_ps_.js';
import rev_bd335bae5d33 from './bd335bae5d33_create_stir_shaken_tn_table.js';
import rev_74dc751dfe8e from './74dc751dfe8e_more_permission_boolean_columns.js';
import rev_8fce8496f03e from './8fce8496f03e_add_tcp_keepalive_settings_to_ps_.js';
import rev_cf150a175fd3 from './cf150a175fd3_add_match_request_uri_attribute_to_.js';
import rev_d5122576cca8 from './d5122576cca8_add_transport_attribute_to_identify.js';
import rev_6c475a93f48a from './6c475a93f48a_correct_nullability_of_pjsip_id_columns.js';
import rev_bd9c5159c7ea from './bd9c5159c7ea_revert_d5122576cca8_add_transport_.js';
import rev_2b7c507d7d12 from './2b7c507d7d12_add_queue_log_option_log_restricted_.js';
import rev_655054a68ad5 from './655054a68ad5_add_pjsip_tenantid.js';
import rev_801b9fced8b7 from './801b9fced8b7_add_generator_data_to_ps_subscription_.js';
import rev_4f91fc18c979 from './4f91fc18c979_add_suppress_moh_on_sendonly.js';
import rev_44bd6dd914fa from './44bd6dd914fa_add_qualify_2xx_only_option.js';
import rev_abdc9ede147d from './abdc9ede147d_add_fields_to_ps_auths_to_support_new_.js';
import rev_dc7c357dc178 from './dc7c357dc178_add_taskpool_options_to_system.js';
import rev_bb6d54e22913 from './bb6d54e22913_add_follow_redirect_methods_to_ps_.js';
import rev_e89e30cee53f from './e89e30cee53f_add_rtp_port_range_to_ps_endpoints.js';
import rev_2285f2ace275 from './2285f2ace275_add_external_signaling_hostname.js';

export const configRevisions = [
  rev_4da0c5f79a9c,
  rev_43956d550a44,
  rev_581a4264e537,
  rev_2fc7930b41b3,
  rev_21e526ad3040,
  rev_28887f25a46f,
  rev_4c573e7135bd,
  rev_3855ee4e5f85,
  rev_e96a0b8071c,
  rev_c6d929b23a8,
  rev_51f8cb66540e,
  rev_1d50859ed02e,
  rev_1758e8bbf6b,
  rev_5139253c0423,
  rev_d39508cb8d8,
  rev_5950038a6ead,
  rev_10aedae86a32,
  rev_371a3bf4143e,
  rev_15b1430ad6f1,
  rev_945b1098bdd,
  rev_45e3f47c6c44,
  rev_23530d604b96,
  rev_31cd4f4891ec,
  rev_461d7d691209,
  rev_a541e0b5e89,
  rev_28b8e71e541f,
  rev_498357a710ae,
  rev_26f10cadc157,
  rev_154177371065,
  rev_28ce1e718f05,
  rev_339a3bdf53fc,
  rev_189a235b3fd7,
  rev_2d078ec071b7,
  rev_26d7f3bf0fa5,
  rev_136885b81223,
  rev_423f34ad36e2,
  rev_dbc44d5a908,
  rev_3bcc0b5bc2c9,
  rev_5813202e92be,
  rev_1c688d9a003c,
  rev_8d478ab86e29,
  rev_65eb22eb195,
  rev_81b01a191a46,
  rev_6be31516058d,
  rev_d7e3c73eb2bf,
  rev_a845e4d8ade8,
  rev_ef7efc2d3964,
  rev_9deac0ae4717,
  rev_4a6c67fa9b7a,
  rev_c7a44a5a0851,
  rev_3772f8f828da,
  rev_4e2493ef32e6,
  rev_7f3e21abe318,
  rev_a6ef36f1309,
  rev_4468b4a91372,
  rev_28ab27a7826d,
  rev_465e70e8c337,
  rev_15db7b91a97a,
  rev_f638dbe2eb23,
  rev_8fce4c573e15,
  rev_2da192dbbc65,
  rev_1d0e332c32af,
  rev_86bb1efa278d,
  rev_d7983954dd96,
  rev_39959b9c2566,
  rev_164abbd708c,
  rev_44ccced114ce,
  rev_f3d1c5d38b56,
  rev_b83645976fdd,
  rev_a1698e8bb9c5,
  rev_20abce6d1e3c,
  rev_de83fac997e2,
  rev_041c0d3d1857,
  rev_e2f04d309071,
  rev_52798ad97bdf,
  rev_d3e4284f8707,
  rev_0be05c3a8225,
  rev_19b00bc19b7b,
  rev_1d3ed26d9978,
  rev_fe6592859b85,
  rev_7f85dd44c775,
  rev_465f47f880be,
  rev_2bb1a85135ad,
  rev_1ac563b350a8,
  rev_0838f8db6a61,
  rev_f3c0b8695b66,
  rev_80473bad3c16,
  rev_3a094a18e75b,
  rev_fbb7766f17bc,
  rev_79290b511e4b,
  rev_b80485ff4dd0,
  rev_61797b9fced6,
  rev_1ae0609b6646,
  rev_e658c26033ca,
  rev_8915fcc5766f,
  rev_c20d6e3992f4,
  rev_f56d79a9f337,
  rev_a06d8f8462d9,
  rev_8f72185e437f,
  rev_0bee61aa9425,
  rev_18e0805d367f,
  rev_58e440314c2a,
  rev_7197536bb68d,
  rev_9f3692b1654b,
  rev_539f68bede2c,
  rev_417c0247fd7e,
  rev_ccf795ee535f,
  rev_5a2247c957d2,
  rev_f261363a857f,
  rev_4042a0ff4d9f,
  rev_f5b0e7427449,
  rev_dac2b4c328b8,
  rev_37a5332640e2,
  rev_24c12d8e9014,
  rev_bd335bae5d33,
  rev_74dc751dfe8e,
  rev_8fce8496f03e,
  rev_cf150a175fd3,
  rev_d5122576cca8,
  rev_6c475a93f48a,
  rev_bd9c5159c7ea,
  rev_2b7c507d7d12,
  rev_655054a68ad5,
  rev_801b9fced8b7,
  rev_4f91fc18c979,
  rev_44bd6dd914fa,
  rev_abdc9ede147d,
  rev_dc7c357dc178,
  rev_bb6d54e22913,
  rev_e89e30cee53f,
  rev_2285f2ace275,
];
