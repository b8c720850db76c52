// Create tables
// Asterisk config revision 4da0c5f79a9c (parent: base), after contrib/ast-db-manage/config/versions/4da0c5f79a9c_create_tables.py.

import { col, t } from '../../../schema/operations.js';
import { sipDirectmediaValues } from '../enums.js';
import { revision } from '../revision.js';

const iaxEncryptionValues = t.enum('iax_encryption_values', ['yes', 'no', 'aes128']);
const iaxRequirecalltokenValues = t.enum('iax_requirecalltoken_values', ['yes', 'no', 'auto']);
const iaxTransferValues = t.enum('iax_transfer_values', ['yes', 'no', 'mediaonly']);
const sipCallingpresValues = t.enum('sip_callingpres_values', [
  'allowed_not_screened',
  'allowed_passed_screen',
  'allowed_failed_screen',
  'allowed',
  'prohib_not_screened',
  'prohib_passed_screen',
  'prohib_failed_screen',
  'prohib',
]);
const sipDtmfmodeValues = t.enum('sip_dtmfmode_values', ['rfc2833', 'info', 'shortinfo', 'inband', 'auto']);
const sipProgressinbandValues = t.enum('sip_progressinband_values', ['yes', 'no', 'never']);
const sipSessionRefresherValues = t.enum('sip_session_refresher_values', ['uac', 'uas']);
const sipSessionTimersValues = t.enum('sip_session_timers_values', ['accept', 'refuse', 'originate']);
const sipTransportValues = t.enum('sip_transport_values', ['udp', 'tcp', 'tls', 'ws', 'wss', 'udp,tcp', 'tcp,udp']);
const typeValues = t.enum('type_values', ['friend', 'user', 'peer']);
const yesNoValues = t.enum('yes_no_values', ['yes', 'no']);

export default revision({
  id: '4da0c5f79a9c',
  parent: null,
  description: 'Create tables',
  script: '4da0c5f79a9c_create_tables.py',
  up: (op) => {
    op.createTable('sippeers', [
      col('id', t.integer(), { primaryKey: true, autoIncrement: true }),
      col('name', t.string(40), { nullable: false, unique: true }),
      col('ipaddr', t.string(45)),
      col('port', t.integer()),
      col('regseconds', t.integer()),
      col('defaultuser', t.string(40)),
      col('fullcontact', t.string(80)),
      col('regserver', t.string(20)),
      col('useragent', t.string(20)),
      col('lastms', t.integer()),
      col('host', t.string(40)),
      col('type', typeValues),
      col('context', t.string(40)),
      col('permit', t.string(95)),
      col('deny', t.string(95)),
      col('secret', t.string(40)),
      col('md5secret', t.string(40)),
      col('remotesecret', t.string(40)),
      col('transport', sipTransportValues),
      col('dtmfmode', sipDtmfmodeValues),
      col('directmedia', sipDirectmediaValues),
      col('nat', t.string(29)),
      col('callgroup', t.string(40)),
      col('pickupgroup', t.string(40)),
      col('language', t.string(40)),
      col('disallow', t.string(200)),
      col('allow', t.string(200)),
      col('insecure', t.string(40)),
      col('trustrpid', yesNoValues),
      col('progressinband', sipProgressinbandValues),
      col('promiscredir', yesNoValues),
      col('useclientcode', yesNoValues),
      col('accountcode', t.string(40)),
      col('setvar', t.string(200)),
      col('callerid', t.string(40)),
      col('amaflags', t.string(40)),
      col('callcounter', yesNoValues),
      col('busylevel', t.integer()),
      col('allowoverlap', yesNoValues),
      col('allowsubscribe', yesNoValues),
      col('videosupport', yesNoValues),
      col('maxcallbitrate', t.integer()),
      col('rfc2833compensate', yesNoValues),
      col('mailbox', t.string(40)),
      col('session-timers', sipSessionTimersValues),
      col('session-expires', t.integer()),
      col('session-minse', t.integer()),
      col('session-refresher', sipSessionRefresherValues),
      col('t38pt_usertpsource', t.string(40)),
      col('regexten', t.string(40)),
      col('fromdomain', t.string(40)),
      col('fromuser', t.string(40)),
      col('qualify', t.string(40)),
      col('defaultip', t.string(45)),
      col('rtptimeout', t.integer()),
      col('rtpholdtimeout', t.integer()),
      col('sendrpid', yesNoValues),
      col('outboundproxy', t.string(40)),
      col('callbackextension', t.string(40)),
      col('timert1', t.integer()),
      col('timerb', t.integer()),
      col('qualifyfreq', t.integer()),
      col('constantssrc', yesNoValues),
      col('contactpermit', t.string(95)),
      col('contactdeny', t.string(95)),
      col('usereqphone', yesNoValues),
      col('textsupport', yesNoValues),
      col('faxdetect', yesNoValues),
      col('buggymwi', yesNoValues),
      col('auth', t.string(40)),
      col('fullname', t.string(40)),
      col('trunkname', t.string(40)),
      col('cid_number', t.string(40)),
      col('callingpres', sipCallingpresValues),
      col('mohinterpret', t.string(40)),
      col('mohsuggest', t.string(40)),
      col('parkinglot', t.string(40)),
      col('hasvoicemail', yesNoValues),
      col('subscribemwi', yesNoValues),
      col('vmexten', t.string(40)),
      col('autoframing', yesNoValues),
      col('rtpkeepalive', t.integer()),
      col('call-limit', t.integer()),
      col('g726nonstandard', yesNoValues),
      col('ignoresdpversion', yesNoValues),
      col('allowtransfer', yesNoValues),
      col('dynamic', yesNoValues),
      col('path', t.string(256)),
      col('supportpath', yesNoValues),
    ]);
    op.createIndex('sippeers_name', 'sippeers', ['name']);
    op.createIndex('sippeers_name_host', 'sippeers', ['name', 'host']);
    op.createIndex('sippeers_ipaddr_port', 'sippeers', ['ipaddr', 'port']);
    op.createIndex('sippeers_host_port', 'sippeers', ['host', 'port']);
    op.createTable('iaxfriends', [
      col('id', t.integer(), { primaryKey: true, autoIncrement: true }),
      col('name', t.string(40), { nullable: false, unique: true }),
      col('type', typeValues),
      col('username', t.string(40)),
      col('mailbox', t.string(40)),
      col('secret', t.string(40)),
      col('dbsecret', t.string(40)),
      col('context', t.string(40)),
      col('regcontext', t.string(40)),
      col('host', t.string(40)),
      col('ipaddr', t.string(40)),
      col('port', t.integer()),
      col('defaultip', t.string(20)),
      col('sourceaddress', t.string(20)),
      col('mask', t.string(20)),
      col('regexten', t.string(40)),
      col('regseconds', t.integer()),
      col('accountcode', t.string(20)),
      col('mohinterpret', t.string(20)),
      col('mohsuggest', t.string(20)),
      col('inkeys', t.string(40)),
      col('outkeys', t.string(40)),
      col('language', t.string(10)),
      col('callerid', t.string(100)),
      col('cid_number', t.string(40)),
      col('sendani', yesNoValues),
      col('fullname', t.string(40)),
      col('trunk', yesNoValues),
      col('auth', t.string(20)),
      col('maxauthreq', t.integer()),
      col('requirecalltoken', iaxRequirecalltokenValues),
      col('encryption', iaxEncryptionValues),
      col('transfer', iaxTransferValues),
      col('jitterbuffer', yesNoValues),
      col('forcejitterbuffer', yesNoValues),
      col('disallow', t.string(200)),
      col('allow', t.string(200)),
      col('codecpriority', t.string(40)),
      col('qualify', t.string(10)),
      col('qualifysmoothing', yesNoValues),
      col('qualifyfreqok', t.string(10)),
      col('qualifyfreqnotok', t.string(10)),
      col('timezone', t.string(20)),
      col('adsi', yesNoValues),
      col('amaflags', t.string(20)),
      col('setvar', t.string(200)),
    ]);
    op.createIndex('iaxfriends_name', 'iaxfriends', ['name']);
    op.createIndex('iaxfriends_name_host', 'iaxfriends', ['name', 'host']);
    op.createIndex('iaxfriends_name_ipaddr_port', 'iaxfriends', ['name', 'ipaddr', 'port']);
    op.createIndex('iaxfriends_ipaddr_port', 'iaxfriends', ['ipaddr', 'port']);
    op.createIndex('iaxfriends_host_port', 'iaxfriends', ['host', 'port']);
    op.createTable('voicemail', [
      col('uniqueid', t.integer(), { primaryKey: true, autoIncrement: true }),
      col('context', t.string(80), { nullable: false }),
      col('mailbox', t.string(80), { nullable: false }),
      col('password', t.string(80), { nullable: false }),
      col('fullname', t.string(80)),
      col('alias', t.string(80)),
      col('email', t.string(80)),
      col('pager', t.string(80)),
      col('attach', yesNoValues),
      col('attachfmt', t.string(10)),
      col('serveremail', t.string(80)),
      col('language', t.string(20)),
      col('tz', t.string(30)),
      col('deletevoicemail', yesNoValues),
      col('saycid', yesNoValues),
      col('sendvoicemail', yesNoValues),
      col('review', yesNoValues),
      col('tempgreetwarn', yesNoValues),
      col('operator', yesNoValues),
      col('envelope', yesNoValues),
      col('sayduration', t.integer()),
      col('forcename', yesNoValues),
      col('forcegreetings', yesNoValues),
      col('callback', t.string(80)),
      col('dialout', t.string(80)),
      col('exitcontext', t.string(80)),
      col('maxmsg', t.integer()),
      col('volgain', t.numeric(5, 2)),
      col('imapuser', t.string(80)),
      col('imappassword', t.string(80)),
      col('imapserver', t.string(80)),
      col('imapport', t.string(8)),
      col('imapflags', t.string(80)),
      col('stamp', t.datetime()),
    ]);
    op.createIndex('voicemail_mailbox', 'voicemail', ['mailbox']);
    op.createIndex('voicemail_context', 'voicemail', ['context']);
    op.createIndex('voicemail_mailbox_context', 'voicemail', ['mailbox', 'context']);
    op.createIndex('voicemail_imapuser', 'voicemail', ['imapuser']);
    op.createTable('meetme', [
      col('bookid', t.integer(), { primaryKey: true, autoIncrement: true }),
      col('confno', t.string(80), { nullable: false }),
      col('starttime', t.datetime()),
      col('endtime', t.datetime()),
      col('pin', t.string(20)),
      col('adminpin', t.string(20)),
      col('opts', t.string(20)),
      col('adminopts', t.string(20)),
      col('recordingfilename', t.string(80)),
      col('recordingformat', t.string(10)),
      col('maxusers', t.integer()),
      col('members', t.integer(), { nullable: false }),
    ]);
    op.createIndex('meetme_confno_start_end', 'meetme', ['confno', 'starttime', 'endtime']);
    op.createTable('musiconhold', [
      col('name', t.string(80), { primaryKey: true }),
      col('mode', t.enum('moh_mode_values', ['custom', 'files', 'mp3nb', 'quietmp3nb', 'quietmp3'])),
      col('directory', t.string(255)),
      col('application', t.string(255)),
      col('digit', t.string(1)),
      col('sort', t.string(10)),
      col('format', t.string(10)),
      col('stamp', t.datetime()),
    ]);
  },
  down: (op) => {
    op.dropTable('sippeers');
    op.dropTable('iaxfriends');
    op.dropTable('voicemail');
    op.dropTable('meetme');
    op.dropTable('musiconhold');
    op.dropEnum('type_values');
    op.dropEnum('yes_no_values');
    op.dropEnum('sip_transport_values');
    op.dropEnum('sip_dtmfmode_values');
    op.dropEnum('sip_directmedia_values');
    op.dropEnum('sip_progressinband_values');
    op.dropEnum('sip_session_timers_values');
    op.dropEnum('sip_session_refresher_values');
    op.dropEnum('sip_callingpres_values');
    op.dropEnum('iax_requirecalltoken_values');
    op.dropEnum('iax_encryption_values');
    op.dropEnum('iax_transfer_values');
    op.dropEnum('moh_mode_values');
  },
});
