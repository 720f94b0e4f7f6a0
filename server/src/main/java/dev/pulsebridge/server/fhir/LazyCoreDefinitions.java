package dev.pulsebridge.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces how HAPI loads the ~7,000 R5 core definitions (StructureDefinitions, ValueSets,
 * CodeSystems): without their XHTML narratives ({@link NarrativeFreeCorePackages}), and only when
 * something first asks for them.
 *
 * <p>HAPI parses the whole R5 core package the first time anything asks a FhirContext for its
 * validation support, which its search-parameter FHIRPath engine does while the Spring context is
 * being built. HAPI's own loader took ~30 s on a 2-core machine, mostly parsing narratives that
 * neither validation nor FHIRPath reads (dropping them also took the server's RSS after startup from
 * ~3 GB to ~1.8 GB). HAPI caches the loaded package
 * JVM-wide in a static map per FHIR version; seeding that map with a proxy that loads our
 * narrative-free copy on first use keeps every HAPI code path unchanged.
 *
 * <p>The map is private to HAPI; if a HAPI upgrade renames it, {@link #install} logs that and HAPI
 * simply loads its own way again (slower start, same behaviour). {@code LazyCoreDefinitionsTest}
 * pins it.
 */
public final class LazyCoreDefinitions implements InvocationHandler {

    private static final Logger log = LoggerFactory.getLogger(LazyCoreDefinitions.class);
    private static final String CACHE_FIELD = "ourImplementations";

    private final FhirContext context;
    private volatile IValidationSupport loaded;

    private LazyCoreDefinitions(FhirContext context) {
        this.context = context;
    }

    /**
     * Seeds HAPI's JVM-wide cache for the context's FHIR version with a deferred loader, unless the
     * package is already loaded or deferred.
     *
     * @return the deferred loader now in HAPI's cache, or null if HAPI's cache could not be reached
     */
    public static LazyCoreDefinitions install(FhirContext context) {
        FhirVersionEnum version = context.getVersion().getVersion();
        Map<FhirVersionEnum, IValidationSupport> cache = hapiCache();
        if (cache == null) {
            return null;
        }
        synchronized (cache) {
            IValidationSupport existing = cache.get(version);
            if (existing != null && Proxy.isProxyClass(existing.getClass())
                    && Proxy.getInvocationHandler(existing) instanceof LazyCoreDefinitions lazy) {
                return lazy;
            }
            if (existing != null) {
                return null;
            }
            LazyCoreDefinitions lazy = new LazyCoreDefinitions(context);
            cache.put(version, (IValidationSupport) Proxy.newProxyInstance(
                    LazyCoreDefinitions.class.getClassLoader(), new Class<?>[] {IValidationSupport.class}, lazy));
            return lazy;
        }
    }

    public boolean isLoaded() {
        return loaded != null;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "getFhirContext":
                return context;
            case "getName":
                return "Lazily loaded " + context.getVersion().getVersion() + " core definitions";
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "LazyCoreDefinitions[" + context.getVersion().getVersion() + ", loaded=" + isLoaded() + "]";
            default:
                try {
                    return method.invoke(delegate(), args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
        }
    }

    private IValidationSupport delegate() {
        IValidationSupport current = loaded;
        if (current == null) {
            synchronized (this) {
                current = loaded;
                if (current == null) {
                    long start = System.nanoTime();
                    NarrativeFreeCorePackages packages = new NarrativeFreeCorePackages(context);
                    packages.lock();
                    loaded = current = packages;
                    log.info("{} core definitions loaded in {} ms ({} resources)", context.getVersion().getVersion(),
                            (System.nanoTime() - start) / 1_000_000, packages.countAll());
                }
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<FhirVersionEnum, IValidationSupport> hapiCache() {
        try {
            Field field = DefaultProfileValidationSupport.class.getDeclaredField(CACHE_FIELD);
            field.setAccessible(true);
            return (Map<FhirVersionEnum, IValidationSupport>) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Cannot defer loading the FHIR core definitions (HAPI changed {}.{}); "
                    + "they load at startup instead", DefaultProfileValidationSupport.class.getSimpleName(),
                    CACHE_FIELD, e);
            return null;
        }
    }
}
