// After the sample build: the temporary local repository holds the BOM and, for every library artifact, its jar
// (with an Automatic-Module-Name), its sources jar and its javadoc jar, and the sample compiled against them.
import java.util.jar.JarFile

def version = toolkitVersion
def base = new File(localRepositoryPath, 'dev/progressivebackoff')
def libraries = ['core': 'core', 'backoff': 'backoff', 'pacing': 'pacing', 'pacer-redis': 'pacer.redis',
                 'transport-httpclient5': 'transport.httpclient5', 'client': 'client',
                 'simulator': 'simulator', 'verification': 'verification']
def problems = []
def bom = new File(base, "progressive-backoff-bom/${version}/progressive-backoff-bom-${version}.pom")
if (!bom.isFile()) problems << "no BOM at ${bom}"
libraries.each { module, moduleName ->
    def dir = new File(base, "progressive-backoff-${module}/${version}")
    ['', '-sources', '-javadoc'].each { suffix ->
        def jar = new File(dir, "progressive-backoff-${module}-${version}${suffix}.jar")
        if (!jar.isFile()) problems << "missing ${jar.name}"
    }
    def main = new File(dir, "progressive-backoff-${module}-${version}.jar")
    if (main.isFile()) {
        def name = new JarFile(main).withCloseable { it.manifest.mainAttributes.getValue('Automatic-Module-Name') }
        if (name != "dev.progressivebackoff.${moduleName}") problems << "${main.name}: Automatic-Module-Name ${name}"
    }
}
if (!new File(basedir, 'target/classes/example/SampleApp.class').isFile()) problems << 'the sample did not compile'
if (problems) throw new AssertionError('library check failed: ' + problems.join('; '))
return true
