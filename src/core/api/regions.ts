/** Where the API lives; keys are per region. */
export type Region = 'singapore' | 'beijing';
export const regionBaseUrls: Readonly<Record<Region, string>> = {
  singapore: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  beijing: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
};

/** The Model Studio console's page where a region's API keys are made; a key works only in its own region. */
export const keyPageUrls: Readonly<Record<Region, string>> = {
  singapore: 'https://modelstudio.console.alibabacloud.com/?tab=playground#/api-key',
  beijing: 'https://bailian.console.aliyun.com/?tab=model#/api-key',
};

/** The region whose endpoint `baseUrl` is, or Singapore for any other endpoint (the international default). */
export function regionOf(baseUrl: string): Region {
  return baseUrl.replace(/\/+$/, '') === regionBaseUrls.beijing ? 'beijing' : 'singapore';
}
