export {
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  KEY_BYTES,
  KEY_ID_METADATA_KEY,
  PayloadDecryptionError,
} from './encryption-codec.ts';
export {
  dataConverterFromEnv,
  type Env,
  PAYLOAD_KEY_ID_ENV,
  PAYLOAD_KEYS_ENV,
  type PayloadKeyConfig,
  PayloadKeyConfigError,
  parsePayloadKeys,
  payloadCodecFromEnv,
} from './keys.ts';
export {
  type CodecServerOptions,
  DEFAULT_CODEC_SERVER_HOST,
  DEFAULT_CODEC_SERVER_PORT,
  DEFAULT_CORS_ORIGINS,
  type RunningCodecServer,
  startCodecServer,
} from './codec-server.ts';
export {
  type JsonPayload,
  type JsonPayloads,
  PayloadJsonError,
  payloadsFromJson,
  payloadsToJson,
} from './payload-json.ts';
