// Whether `registry serve` answers /AdobeAuth/*: only with both `adobe_vendor_id` and the
// registry's private key (which opens the libraries' sealed secrets); otherwise a 404.
import type { RegistryConfig } from "../registry/config.ts";
import { adobeVendorId } from "../registry/adobe-vendor-id.ts";
import { librarySecretLookup } from "../registry/library-secrets.ts";

export function adobeFromConfig(config: RegistryConfig, librariesDir: string, privateKey: string | null): { adobe?: ReturnType<typeof adobeVendorId>; note: string } {
  const vendorId = config.adobe_vendor_id;
  if (!vendorId) return { note: "Adobe Vendor ID: off (adobe_vendor_id is not set)" };
  if (!privateKey) return { note: "Adobe Vendor ID: off (adobe_vendor_id is set but the registry private key is not: REGISTRY_PRIVATE_KEY or REGISTRY_PRIVATE_KEY_FILE)" };
  return {
    adobe: adobeVendorId({ vendorId, privateKey, secretOf: librarySecretLookup(librariesDir, privateKey) }),
    note: `Adobe Vendor ID ${vendorId}: /AdobeAuth/SignIn, /AdobeAuth/AccountInfo, /AdobeAuth/Status`,
  };
}
